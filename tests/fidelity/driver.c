/*
 * driver.c - the emulator side of the differential suite: runs one scenario
 * of tests/fidelity/probe.c (linked into this binary) in the emulator,
 * performing the events tests/fidelity/run.sh makes happen in Envoy (the
 * same request headers, the upstream's answers, the connection closes), and
 * prints the probe's transcript (its "FID|..." log lines) to stdout.
 *
 *   driver <scenario>...
 *
 * What this file states is the world outside the proxy: what curl sends,
 * what the local upstreams answer, in how many chunks Envoy's codecs pass
 * them on. Everything the host decides (statuses, which hooks run, their
 * order and arguments, what hostcalls return) must come from the emulator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxywasm/emulator.h"

/* A header from any strings (PROXYWASM_HEADER takes literals only). */
#define H(n, v) ((proxywasm_header){{(n), strlen(n)}, {(v), strlen(v)}})
#define N(a) (sizeof(a) / sizeof((a)[0]))

static proxywasm_emu *emu;
static proxywasm_emu_vm *vm;
static const char *scen;
static uint32_t http_root, tcp1_root, tcp2_root, tcp3_root, tcp4_root, tcp5_root, reload_root;

/* What curl sends, as Envoy's connection manager hands it to the filter. */
static uint32_t request(bool h2, const char *body) {
  char path[64];
  snprintf(path, sizeof path, "/fid/%s", scen);
  uint32_t id = proxywasm_emu_http_new(vm, http_root);
  proxywasm_emu_context_set_property(vm, id, PROXYWASM_EMU_PATH("request", "path"), path,
                                     strlen(path));
  proxywasm_emu_context_set_property(vm, id, PROXYWASM_EMU_PATH("request", "method"),
                                     body ? "POST" : "GET", body ? 4 : 3);
  proxywasm_header hdrs[] = {
      H(":authority", "127.0.0.1:18300"),
      H(":path", path),
      H(":method", body ? "POST" : "GET"),
      H(":scheme", "http"),
      H("user-agent", "curl/8"),
      H("accept", "*/*"),
      H("x-fid", scen),
      H("content-type", "text/plain"),
      H("content-length", "10"),
      H("x-forwarded-proto", "http"),
      H("x-request-id", "00000000-0000-4000-8000-000000000000"),
  };
  (void)h2;
  size_t n = N(hdrs);
  proxywasm_header *h = malloc(sizeof hdrs);
  memcpy(h, hdrs, sizeof hdrs);
  if (body == NULL) { /* no content-type / content-length */
    h[7] = h[9];
    h[8] = h[10];
    n -= 2;
  }
  proxywasm_emu_on_request_headers(vm, id, h, n, body == NULL);
  free(h);
  if (body) {
    /* Envoy's HTTP/1 codec: the body, then an empty end-of-stream chunk
       (none once a local response ended the stream). */
    proxywasm_emu_on_request_body(vm, id, body, strlen(body), false);
    if (proxywasm_emu_get_local_response(vm, id) == NULL)
      proxywasm_emu_on_request_body(vm, id, "", 0, true);
  }
  return id;
}

/* fid_echo's answer through the router: headers, the body, an empty end. */
static void upstream_echo(uint32_t id) {
  proxywasm_header resp[] = {H(":status", "200"),
                             H("content-length", "4"),
                             H("content-type", "text/plain"),
                             H("x-fid-up", "echo"),
                             H("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
                             H("server", "envoy"),
                             H("x-envoy-upstream-service-time", "0")};
  if (proxywasm_emu_on_response_headers(vm, id, resp, N(resp), false) == PROXYWASM_EMU_BAD_ACTION)
    return;
  if (proxywasm_emu_get_local_response(vm, id))
    return;
  proxywasm_emu_on_response_body(vm, id, "echo", 4, false);
  if (proxywasm_emu_get_local_response(vm, id))
    return;
  proxywasm_emu_on_response_body(vm, id, "", 0, true);
}

/* fid_slow's chunked answer to /fid/resp_buf: Envoy's HTTP/1 codec passes
   each chunk on as it is read (200 ms apart), then the end of the stream
   as an empty chunk. */
static void upstream_chunks(uint32_t id) {
  proxywasm_header resp[] = {H(":status", "200"), H("transfer-encoding", "chunked"),
                             H("x-envoy-upstream-service-time", "0")};
  proxywasm_emu_on_response_headers(vm, id, resp, N(resp), false);
  proxywasm_emu_on_response_body(vm, id, "ab", 2, false);
  proxywasm_emu_on_response_body(vm, id, "cd", 2, false);
  proxywasm_emu_on_response_body(vm, id, "ef", 2, false);
  proxywasm_emu_on_response_body(vm, id, "", 0, true);
}

/* Envoy sends a local response from the request path through this filter's
   encode path: headers, then the body with end of stream. */
static void play_local_response(uint32_t id) {
  const proxywasm_emu_local_response *lr = proxywasm_emu_get_local_response(vm, id);
  char code[16], len[16];
  snprintf(code, sizeof code, "%u", lr->status_code);
  snprintf(len, sizeof len, "%zu", lr->body_len);
  proxywasm_header *h = calloc(lr->header_count + 3, sizeof *h);
  size_t n = 0;
  h[n++] = H(":status", code);
  for (size_t i = 0; i < lr->header_count; i++)
    h[n++] = lr->headers[i];
  h[n++] = H("content-length", len);
  h[n++] = H("content-type", "text/plain");
  char *body = malloc(lr->body_len + 1);
  memcpy(body, lr->body, lr->body_len + 1);
  size_t blen = lr->body_len;
  proxywasm_emu_on_response_headers(vm, id, h, n, false);
  proxywasm_emu_on_response_body(vm, id, body, blen, true);
  free(body);
  free(h);
}

static uint32_t last_token(void) {
  size_t n = proxywasm_emu_callout_count(vm, 0);
  const proxywasm_emu_callout *c = proxywasm_emu_callout_get(vm, 0, n ? n - 1 : 0);
  return c ? c->token : 0;
}

/* park_a pauses; a second stream, resume_b, resumes it from its own
   request headers; then both get fid_echo's answer, A first (its request
   went upstream first). */
static void park(void) {
  uint32_t a = request(false, NULL);
  scen = "resume_b";
  uint32_t b = request(false, NULL);
  upstream_echo(a);
  proxywasm_emu_http_complete(vm, a);
  upstream_echo(b);
  proxywasm_emu_http_complete(vm, b);
}

/* fid_grpc's answers (envoy.yaml): what that server sends, as Envoy's gRPC
   client passes it on. */
static void grpc(uint32_t id) {
  size_t n = proxywasm_emu_grpc_count(vm, id);
  const proxywasm_emu_grpc *g = proxywasm_emu_grpc_get(vm, id, n ? n - 1 : 0);
  uint32_t tok = g ? g->token : 0;
  proxywasm_header initial[] = {
      H(":status", "200"),       H("content-type", "application/grpc"),
      H("content-length", "10"), H("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
      H("server", "envoy"),      H("x-envoy-upstream-service-time", "0")};
  proxywasm_header ok[] = {H("grpc-status", "0")};
  if (strcmp(scen, "g_ok") == 0)
    proxywasm_emu_grpc_reply_message(vm, tok, "reply", 5);
  if (strcmp(scen, "g_err") == 0)
    proxywasm_emu_grpc_reply_close(vm, tok, 7, "denied{via_upstream}");
  if (strcmp(scen, "g_timeout") == 0)
    proxywasm_emu_grpc_timeout(vm, tok);
  if (strcmp(scen, "g_stream") == 0) {
    proxywasm_emu_grpc_reply_initial_metadata(vm, tok, initial, N(initial));
    proxywasm_emu_grpc_reply_message(vm, tok, "reply", 5);
    proxywasm_emu_grpc_reply_trailing_metadata(vm, tok, ok, N(ok));
    proxywasm_emu_grpc_reply_close(vm, tok, 0, "via_upstream");
  }
  if (strcmp(scen, "g_stream_deny") == 0) {
    proxywasm_header deny[] = {H(":status", "200"),
                               H("content-type", "application/grpc"),
                               H("grpc-status", "7"),
                               H("grpc-message", "denied"),
                               H("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
                               H("server", "envoy")};
    proxywasm_emu_grpc_reply_initial_metadata(vm, tok, NULL, 0);
    proxywasm_emu_grpc_reply_trailing_metadata(vm, tok, deny, N(deny));
    proxywasm_emu_grpc_reply_close(vm, tok, 7, "denied{via_upstream}");
  }
}

static void http(void) {
  if (strcmp(scen, "park_a") == 0) {
    park();
    return;
  }
  bool h2 = strcmp(scen, "h2") == 0;
  bool post =
      strcmp(scen, "body") == 0 || strcmp(scen, "local_reqb") == 0 || strcmp(scen, "rw_all") == 0;
  uint32_t id = request(h2, post ? "hello-body" : NULL);
  if (proxywasm_emu_get_local_response(vm, id)) {
    play_local_response(id);
    proxywasm_emu_http_complete(vm, id);
    return;
  }
  uint32_t tok = last_token();
  proxywasm_header echo[] = {H(":status", "200"),
                             H("x-fid-up", "echo"),
                             H("content-length", "4"),
                             H("content-type", "text/plain"),
                             H("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
                             H("server", "envoy"),
                             H("x-envoy-upstream-service-time", "0")};
  if (strcmp(scen, "co_ok") == 0)
    proxywasm_emu_callout_reply(vm, tok, echo, N(echo), "echo", 4, NULL, 0);
  if (strcmp(scen, "co_trailers") == 0) {
    /* fid_echo ends the connection of a request that had trailers. */
    proxywasm_header h[N(echo) + 1];
    memcpy(h, echo, sizeof echo);
    h[N(echo)] = h[N(echo) - 1];
    h[N(echo) - 1] = H("connection", "close");
    proxywasm_emu_callout_reply(vm, tok, h, N(h), "echo", 4, NULL, 0);
  }
  if (strcmp(scen, "co_big") == 0) {
    static char big[65536];
    memset(big, 'b', sizeof big);
    proxywasm_header h[] = {H(":status", "200"),
                            H("content-length", "65536"),
                            H("content-type", "text/plain"),
                            H("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
                            H("server", "envoy"),
                            H("x-envoy-upstream-service-time", "0")};
    proxywasm_emu_callout_reply(vm, tok, h, N(h), big, sizeof big, NULL, 0);
  }
  if (strcmp(scen, "co_timeout") == 0)
    proxywasm_emu_callout_timeout(vm, tok);
  if (strcmp(scen, "co_reset") == 0)
    proxywasm_emu_callout_fail(vm, tok);
  if (strcmp(scen, "co_refused") == 0)
    proxywasm_emu_callout_unreachable(vm, tok);
  if (strncmp(scen, "g_", 2) == 0)
    grpc(id);
  if (strcmp(scen, "resp_buf") == 0)
    upstream_chunks(id);
  else
    upstream_echo(id);
  proxywasm_emu_http_complete(vm, id);
  /* The 50 ms tick comes after the request is done. */
  if (strcmp(scen, "tick") == 0)
    proxywasm_emu_advance(emu, 50);
  /* The 300 ms timeout fires after the stream is gone. */
  if (strcmp(scen, "co_after_end") == 0)
    proxywasm_emu_callout_timeout(vm, tok);
}

/* tcp_paused and tcp_shut: the data waits until the HTTP stream tcp_kick
   (tcp_kill) resumes (closes) the connection from its own context. */
static void tcp_other(void) {
  bool kick = strcmp(scen, "tcp_paused") == 0;
  const char *self = scen;
  uint32_t id = proxywasm_emu_tcp_new(vm, kick ? tcp4_root : tcp5_root, NULL);
  proxywasm_emu_on_downstream_data(vm, id, "ping", 4, false);
  scen = kick ? "tcp_kick" : "tcp_kill";
  uint32_t h = request(false, NULL);
  upstream_echo(h);
  proxywasm_emu_http_complete(vm, h);
  scen = self;
  if (kick) {
    proxywasm_emu_on_upstream_data(vm, id, "ping", 4, false);
    proxywasm_emu_tcp_client_close(vm, id);
  } else {
    proxywasm_emu_tcp_plugin_close(vm, id);
  }
}

static void tcp(void) {
  if (strcmp(scen, "tcp_paused") == 0 || strcmp(scen, "tcp_shut") == 0) {
    tcp_other();
    return;
  }
  bool first = strcmp(scen, "tcp_client_first") == 0, reset = strcmp(scen, "tcp_client_reset") == 0;
  uint32_t id = proxywasm_emu_tcp_new(vm, first ? tcp1_root : reset ? tcp3_root : tcp2_root, NULL);
  if (reset) {
    proxywasm_emu_on_downstream_data(vm, id, "reset", 5, false);
    proxywasm_emu_on_upstream_data(vm, id, "reset", 5, false);
    proxywasm_emu_tcp_client_reset(vm, id);
  } else if (first) {
    proxywasm_emu_on_downstream_data(vm, id, "ping", 4, false);
    proxywasm_emu_on_upstream_data(vm, id, "ping", 4, false);
    proxywasm_emu_tcp_client_close(vm, id);
  } else {
    proxywasm_emu_on_downstream_data(vm, id, "close", 5, false);
    proxywasm_emu_on_upstream_data(vm, id, "bye", 3, false);
    proxywasm_emu_tcp_server_close(vm, id);
  }
}

/* The plugins of envoy.yaml: one VM (vm_id fid_vm) shared by the HTTP
   filter and the two TCP filters, as Envoy shares it on its worker. */
static uint32_t add_plugin(const char *name, const char *root_id, const char *conf) {
  proxywasm_emu_plugin_options po = {.name = name, .root_id = root_id, .configuration = conf};
  bool started = false;
  uint32_t root = proxywasm_emu_plugin_add(vm, &po, &started);
  if (root == 0 || !started) {
    fprintf(stderr, "driver: cannot start the probe: %s\n", proxywasm_emu_error(emu));
    exit(1);
  }
  return root;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: driver <scenario>...\n");
    return 2;
  }
  emu = proxywasm_emu_new();
  /* Envoy runs with --component-log-level wasm:trace (tests/e2e/lib.sh): the
     emulator's default. */
  proxywasm_emu_set_strict_clusters(emu, true);
  proxywasm_emu_add_cluster(emu, "fid_echo");
  proxywasm_emu_add_cluster(emu, "fid_slow");
  proxywasm_emu_add_cluster(emu, "fid_dead");
  proxywasm_emu_add_cluster(emu, "fid_grpc");
  proxywasm_emu_set_property_str(emu, PROXYWASM_EMU_PATH("xds", "node", "id"), "fid-node");
  proxywasm_emu_vm_options vo = {.vm_id = "fid_vm"};
  vm = proxywasm_emu_vm_new(emu, &vo);
  if (vm == NULL) {
    fprintf(stderr, "driver: %s\n", proxywasm_emu_error(emu));
    return 1;
  }
  http_root = add_plugin("fid_plugin", "fid_root", "http");
  tcp1_root = add_plugin("fid_tcp1", "fid_tcp1", "tcp:tcp_client_first");
  tcp2_root = add_plugin("fid_tcp2", "fid_tcp2", "tcp:tcp_server_first");
  tcp3_root = add_plugin("fid_tcp3", "fid_tcp3", "tcp:tcp_client_reset");
  tcp4_root = add_plugin("fid_tcp_paused", "fid_tcp_paused", "tcp:tcp_paused");
  tcp5_root = add_plugin("fid_tcp_shut", "fid_tcp_shut", "tcp:tcp_shut");
  reload_root = add_plugin("fid_reload", "fid_reload", "reload");
  /* In the order run.sh makes them happen in Envoy: state carries over
     (shared data, metrics, the plugin's proxy_get_status). */
  for (int i = 1; i < argc; i++) {
    scen = argv[i];
    if (strncmp(scen, "tcp_", 4) == 0)
      tcp();
    else
      http();
  }
  /* reload: run.sh removes the listener of lds.yaml; the plugin's on_done
     asks for a 10 ms tick, which is to call proxy_done. */
  proxywasm_emu_plugin_done(vm, reload_root);
  proxywasm_emu_advance(emu, 10);
  /* shutdown: Envoy exits; its VM ends with the process, no tick comes. */
  proxywasm_emu_plugin_done(vm, http_root);
  const proxywasm_emu_log_entry *e = NULL;
  size_t n = proxywasm_emu_log_entries(emu, &e);
  for (size_t i = 0; i < n; i++)
    if (strncmp(e[i].message, "FID|", 4) == 0)
      printf("%s\n", e[i].message);
  if (*proxywasm_emu_error(emu))
    fprintf(stderr, "driver: emulator says: %s\n", proxywasm_emu_error(emu));
  proxywasm_emu_free(emu);
  return 0;
}
