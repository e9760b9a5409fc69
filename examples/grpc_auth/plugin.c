/*
 * grpc_auth - asynchronous authorization with a unary gRPC call: each
 * request is paused while grpc.health.v1.Health/Check is asked, on the
 * cluster "grpc_auth", about the request's :path (HealthCheckRequest.service)
 * with the request's x-user header as gRPC metadata. A SERVING answer lets
 * the request through; any other answer or a gRPC error gets a local 403
 * (PERMISSION_DENIED, UNAUTHENTICATED) or 503 whose body carries the gRPC
 * status number, name and message. Paths under /stream/ ask the same over a
 * gRPC stream instead (Health/Watch: open, send, half-close), which decides
 * on the stream's close: status 0 allows.
 *
 * How Envoy delivers a unary call's outcome: a success (grpc-status 0 with a
 * message) arrives as on_message only, with no on_close; any failure arrives
 * as on_close only (status != 0, message from proxywasm_status_get()). The
 * plugin decides on whichever comes first and ignores the rest, so it also
 * works on hosts that send both.
 */
#include <string.h>

#include <proxywasm.h>

#define CLUSTER "grpc_auth"
#define MAX_PATH 1024

/* Per-request state: whether the gRPC answer was acted upon. */
typedef struct request_state {
  bool stream; /* asked over a gRPC stream (Health/Watch) */
  bool decided;
} request_state;

static const char *const grpc_names[] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

static const char *grpc_name(uint32_t code) {
  return code < sizeof grpc_names / sizeof grpc_names[0] ? grpc_names[code] : "?";
}

static const char *const health_names[] = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};

/* HealthCheckRequest{service = s}: field 1, wire type 2 (length-delimited). */
static size_t encode_request(proxywasm_bytes s, unsigned char *out) {
  size_t n = 0, len = s.len > MAX_PATH ? MAX_PATH : s.len;
  out[n++] = 0x0a;
  if (len < 0x80) {
    out[n++] = (unsigned char)len;
  } else {
    out[n++] = (unsigned char)(0x80 | (len & 0x7f));
    out[n++] = (unsigned char)(len >> 7);
  }
  for (size_t i = 0; i < len; i++)
    out[n++] = (unsigned char)s.data[i];
  return n;
}

/* HealthCheckResponse.status (field 1, varint); 0 (UNKNOWN) if absent. */
static uint32_t decode_status(proxywasm_bytes m) {
  if (m.len >= 2 && (unsigned char)m.data[0] == 0x08 && ((unsigned char)m.data[1] & 0x80) == 0)
    return (unsigned char)m.data[1];
  return 0;
}

/* The answer arrived for a request that is still alive (the SDK skips it
   otherwise); true the first time, so one request is resumed or denied once. */
static request_state *undecided(proxywasm_http *http) {
  request_state *st = proxywasm_http_get_data(http);
  if (st == NULL || st->decided)
    return NULL;
  st->decided = true;
  return st;
}

static void allow(proxywasm_http *http, const char *why) {
  proxywasm_log_infof("access granted: %s", why);
  proxywasm_status s = proxywasm_http_resume_request(http);
  if (s != PROXYWASM_OK)
    proxywasm_log_errorf("failed to resume request: %s", proxywasm_status_str(s));
}

static void deny(proxywasm_http *http, uint32_t code, proxywasm_bytes message) {
  uint32_t http_status = (code == 7 || code == 16) ? 403 : 503;
  /* The response body shows at most 400 bytes of the message, and says so. */
  char body[512], cut[32] = "";
  size_t shown = message.len > 400 ? 400 : message.len;
  if (shown < message.len)
    proxywasm_snprintf(cut, sizeof cut, "...[cut %zu bytes]", message.len - shown);
  int n = proxywasm_snprintf(body, sizeof body, "access denied: grpc status %u %s: %.*s%s\n", code,
                             grpc_name(code), (int)shown, message.data ? message.data : "", cut);
  char code_str[12];
  proxywasm_snprintf(code_str, sizeof code_str, "%u", code);
  const proxywasm_header extra[] = {
      {PROXYWASM_LIT_INIT("x-grpc-status"), proxywasm_bytes_cstr(code_str)},
  };
  proxywasm_log_infof("access denied (%u): grpc status %u %s: %.*s", http_status, code,
                      grpc_name(code), (int)message.len, message.data ? message.data : "");
  proxywasm_status s = proxywasm_http_send_response(http, http_status, extra, 1, body,
                                                    n < 0                      ? 0
                                                    : (size_t)n >= sizeof body ? sizeof body - 1
                                                                               : (size_t)n);
  if (s != PROXYWASM_OK) {
    proxywasm_log_errorf("failed to send local response: %s", proxywasm_status_str(s));
    proxywasm_http_resume_request(http);
  }
}

static void log_metadata(const char *what, proxywasm_status s, proxywasm_header *md, size_t count) {
  if (s != PROXYWASM_OK) {
    proxywasm_log_warnf("failed to read grpc %s metadata: %s", what, proxywasm_status_str(s));
    return;
  }
  for (size_t i = 0; i < count; i++)
    proxywasm_log_infof("grpc %s metadata: %s: %s", what, md[i].name.data, md[i].value.data);
}

static void on_initial_metadata(proxywasm_context *caller, uint32_t token, size_t n,
                                void *user_data) {
  (void)caller;
  (void)user_data;
  proxywasm_log_infof("grpc %u: initial metadata, %zu entries", token, n);
  proxywasm_header *md;
  size_t count;
  proxywasm_status s = proxywasm_grpc_get_initial_metadata(&md, &count);
  log_metadata("initial", s, md, count);
}

static void on_trailing_metadata(proxywasm_context *caller, uint32_t token, size_t n,
                                 void *user_data) {
  (void)caller;
  (void)user_data;
  proxywasm_log_infof("grpc %u: trailing metadata, %zu entries", token, n);
  proxywasm_header *md;
  size_t count;
  proxywasm_status s = proxywasm_grpc_get_trailing_metadata(&md, &count);
  log_metadata("trailing", s, md, count);
}

/* A response message. For a unary call, Envoy's sign of success
   (grpc-status 0); a stream waits for its close. */
static void on_message(proxywasm_context *caller, uint32_t token, size_t size, void *user_data) {
  (void)user_data;
  proxywasm_bytes m;
  proxywasm_status s = proxywasm_grpc_get_message(0, size, &m);
  if (s != PROXYWASM_OK) {
    proxywasm_log_warnf("failed to read grpc message: %s", proxywasm_status_str(s));
    m = (proxywasm_bytes){NULL, 0};
  }
  uint32_t health = decode_status(m);
  const char *name = health < 4 ? health_names[health] : "?";
  proxywasm_log_infof("grpc %u: response message, %zu bytes, health status %u %s", token, size,
                      health, name);
  proxywasm_http *http = proxywasm_context_as_http(caller);
  request_state *st = http ? proxywasm_http_get_data(http) : NULL;
  if (st == NULL || st->stream || undecided(http) == NULL)
    return; /* a stream decides on its close */
  if (health == 1)
    allow(http, "SERVING");
  else
    deny(http, 7, proxywasm_bytes_cstr(name));
}

/* The call or stream ended. In Envoy only failures of a unary call get
   here; a stream always ends here, also with status 0. */
static void on_close(proxywasm_context *caller, uint32_t token, uint32_t grpc_status,
                     void *user_data) {
  (void)user_data;
  uint32_t code = grpc_status;
  proxywasm_bytes message = {NULL, 0};
  if (proxywasm_status_get(&code, &message) != PROXYWASM_OK)
    code = grpc_status;
  proxywasm_log_infof("grpc %u closed: status %u %s, message \"%.*s\"", token, grpc_status,
                      grpc_name(grpc_status), (int)message.len, message.data ? message.data : "");
  proxywasm_http *http = proxywasm_context_as_http(caller);
  if (http == NULL || undecided(http) == NULL)
    return;
  if (grpc_status == 0)
    allow(http, "grpc status 0");
  else
    deny(http, grpc_status, message);
}

static const proxywasm_grpc_callbacks callbacks = {
    .on_initial_metadata = on_initial_metadata,
    .on_message = on_message,
    .on_trailing_metadata = on_trailing_metadata,
    .on_close = on_close,
};

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  proxywasm_bytes path, user;
  if (proxywasm_http_get_request_header(http, ":path", &path) != PROXYWASM_OK)
    path = PROXYWASM_LIT("/");
  if (proxywasm_http_get_request_header(http, "x-user", &user) != PROXYWASM_OK || user.len == 0)
    user = PROXYWASM_LIT("anonymous");

  request_state *st = proxywasm_http_alloc(http, sizeof *st);
  if (st == NULL) {
    proxywasm_log_critical("out of memory");
    return PROXYWASM_CONTINUE;
  }
  proxywasm_http_set_data(http, st);

  /* Paths under /stream/ ask over a stream (Health/Watch): open it, send
     the request and half-close; the other paths make a unary Health/Check. */
  st->stream = proxywasm_bytes_starts_with(path, "/stream/");
  unsigned char msg[MAX_PATH + 3];
  const proxywasm_header metadata[] = {{PROXYWASM_LIT_INIT("x-user"), user}};
  proxywasm_grpc_request req = {
      .upstream = PROXYWASM_LIT(CLUSTER),
      .service = "grpc.health.v1.Health",
      .method = st->stream ? "Watch" : "Check",
      .initial_metadata = metadata,
      .metadata_count = 1,
      .message = msg,
      .message_len = encode_request(path, msg),
      .timeout_ms = 5000,
  };
  uint32_t token;
  proxywasm_status s;
  if (st->stream) {
    s = proxywasm_grpc_stream(proxywasm_http_context(http), &req, &callbacks, NULL, &token);
    if (s == PROXYWASM_OK) {
      s = proxywasm_grpc_send(token, req.message, req.message_len, true);
      if (s != PROXYWASM_OK)
        proxywasm_grpc_cancel(token);
    }
  } else {
    s = proxywasm_grpc_call(proxywasm_http_context(http), &req, &callbacks, NULL, &token);
  }
  if (s != PROXYWASM_OK) {
    /* Fails open, like http_auth_random: the demo must not block traffic
       because the cluster is missing. */
    proxywasm_log_criticalf("grpc %s to %s failed: %s; request continues",
                            st->stream ? "stream" : "call", CLUSTER, proxywasm_status_str(s));
    return PROXYWASM_CONTINUE;
  }
  proxywasm_log_infof("grpc %s %u to %s dispatched: user %.*s, path %.*s",
                      st->stream ? "stream" : "call", token, CLUSTER, (int)user.len, user.data,
                      (int)path.len, path.data);
  return PROXYWASM_PAUSE;
}

PROXYWASM_HOOKS(on_request_headers);
