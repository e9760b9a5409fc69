/*
 * http_body - reading and rewriting whole HTTP bodies.
 *
 * Two modes, chosen by the plugin configuration:
 *  - "echo" (or the JSON {"echo": true} that an Istio WasmPlugin's
 *    pluginConfig becomes): buffer the request body and answer with it.
 *  - anything else, "set body": the request header buffer-operation
 *    (append | prepend | replace; anything else means replace) says how to
 *    change the request body, or the response body when the request has
 *    buffer-replace-at: response. Requests without content-length get 400.
 *
 * Port of the Go SDK's examples/http_body, with the same log texts.
 */
#include <proxywasm.h>

typedef enum body_operation { OP_REPLACE, OP_APPEND, OP_PREPEND } body_operation;

typedef struct plugin_state {
  bool echo;
} plugin_state;

typedef struct stream_state {
  bool echo;            /* copied from the plugin when the stream starts */
  bool modify_response; /* buffer-replace-at: response */
  body_operation op;
} stream_state;

static const char *const op_names[] = {"replace", "append", "prepend"};

static bool config_says_echo(proxywasm_bytes config) {
  if (proxywasm_bytes_eq(config, "echo"))
    return true;
  proxywasm_json root, echo;
  bool on = false;
  return proxywasm_json_parse(config, &root) == PROXYWASM_OK &&
         proxywasm_json_member(&root, "echo", &echo) == PROXYWASM_OK &&
         proxywasm_json_get_bool(&echo, &on) == PROXYWASM_OK && on;
}

static bool on_plugin_start(proxywasm_plugin *plugin, size_t configuration_size) {
  (void)configuration_size;
  /* Zeroed, and freed by the SDK with the plugin. */
  plugin_state *state = proxywasm_plugin_alloc(plugin, sizeof *state);
  if (state == NULL)
    return false;
  proxywasm_plugin_set_data(plugin, state);

  proxywasm_bytes config; /* empty when there is none */
  proxywasm_status s = proxywasm_plugin_configuration_get(&config);
  if (s != PROXYWASM_OK && s != PROXYWASM_NOT_FOUND) /* none means "set body" */
    proxywasm_log_criticalf("error reading plugin configuration: %s", proxywasm_status_str(s));
  state->echo = config_says_echo(config);
  return true;
}

/* Per-request state: zeroed, and freed by the SDK with the stream. */
static void on_http_create(proxywasm_http *http) {
  stream_state *state = proxywasm_http_alloc(http, sizeof *state);
  const plugin_state *plugin = proxywasm_plugin_get_data(proxywasm_http_plugin(http));
  if (state != NULL && plugin != NULL)
    state->echo = plugin->echo;
  proxywasm_http_set_data(http, state);
}

/* ---- echo mode ---- */

static proxywasm_action echo_request_body(proxywasm_http *http, size_t body_size,
                                          bool end_of_stream) {
  if (!end_of_stream)
    return PROXYWASM_PAUSE; /* Envoy keeps buffering: body_size grows */
  proxywasm_bytes body;
  proxywasm_http_get_request_body(http, 0, body_size, &body); /* empty on failure */
  proxywasm_status s = proxywasm_http_send_response(http, 200, NULL, 0, body.data, body.len);
  if (s != PROXYWASM_OK)
    proxywasm_log_errorf("failed to send local response: %s", proxywasm_status_str(s));
  return PROXYWASM_PAUSE;
}

/* ---- set-body mode ---- */

static proxywasm_action on_request_headers(proxywasm_http *http, size_t header_count,
                                           bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  stream_state *state = proxywasm_http_get_data(http);
  if (state == NULL || state->echo)
    return PROXYWASM_CONTINUE;

  proxywasm_bytes value;
  if (proxywasm_http_get_request_header(http, "buffer-replace-at", &value) == PROXYWASM_OK &&
      proxywasm_bytes_eq(value, "response"))
    state->modify_response = true;

  if (proxywasm_http_get_request_header(http, "content-length", &value) != PROXYWASM_OK) {
    static const char msg[] = "content must be provided";
    proxywasm_status s = proxywasm_http_send_response(http, 400, NULL, 0, PROXYWASM_STR(msg));
    if (s != PROXYWASM_OK)
      proxywasm_log_errorf("failed to send local response: %s", proxywasm_status_str(s));
    return PROXYWASM_PAUSE;
  }

  /* The body changes size: drop content-length so nobody trusts a stale one. */
  proxywasm_status s = proxywasm_http_remove_request_header(http, "content-length");
  if (s != PROXYWASM_OK)
    proxywasm_log_errorf("failed to remove content-length: %s", proxywasm_status_str(s));

  state->op = OP_REPLACE; /* also for a missing or unknown buffer-operation */
  if (proxywasm_http_get_request_header(http, "buffer-operation", &value) == PROXYWASM_OK) {
    if (proxywasm_bytes_eq(value, "append"))
      state->op = OP_APPEND;
    else if (proxywasm_bytes_eq(value, "prepend"))
      state->op = OP_PREPEND;
  }
  return PROXYWASM_CONTINUE;
}

/* Rewrites a complete body; which is "request" or "response". */
static void rewrite_body(proxywasm_http *http, proxywasm_buffer buffer, const char *which,
                         body_operation op, size_t body_size) {
  proxywasm_context *ctx = proxywasm_http_context(http);
  proxywasm_bytes original;
  proxywasm_status s = proxywasm_buffer_get(ctx, buffer, 0, body_size, &original);
  if (s != PROXYWASM_OK) {
    proxywasm_log_errorf("failed to get %s body: %s", which, proxywasm_status_str(s));
    return;
  }
  proxywasm_log_infof("original %s body: %.*s", which, (int)original.len, original.data);

  switch (op) {
  case OP_APPEND:
    s = proxywasm_buffer_append(ctx, buffer, PROXYWASM_STR("[this is appended body]"));
    break;
  case OP_PREPEND:
    s = proxywasm_buffer_prepend(ctx, buffer, PROXYWASM_STR("[this is prepended body]"));
    break;
  case OP_REPLACE:
    s = proxywasm_buffer_replace(ctx, buffer, PROXYWASM_STR("[this is replaced body]"));
    break;
  }
  if (s != PROXYWASM_OK)
    proxywasm_log_errorf("failed to %s %s body: %s", op_names[op], which, proxywasm_status_str(s));
}

static proxywasm_action on_request_body(proxywasm_http *http, size_t body_size,
                                        bool end_of_stream) {
  stream_state *state = proxywasm_http_get_data(http);
  if (state == NULL)
    return PROXYWASM_CONTINUE;
  if (state->echo)
    return echo_request_body(http, body_size, end_of_stream);
  if (state->modify_response)
    return PROXYWASM_CONTINUE;
  if (!end_of_stream)
    return PROXYWASM_PAUSE; /* wait for the whole body */
  rewrite_body(http, PROXYWASM_BUFFER_HTTP_REQUEST_BODY, "request", state->op, body_size);
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_headers(proxywasm_http *http, size_t header_count,
                                            bool end_of_stream) {
  (void)header_count;
  (void)end_of_stream;
  stream_state *state = proxywasm_http_get_data(http);
  if (state == NULL || state->echo || !state->modify_response)
    return PROXYWASM_CONTINUE;
  proxywasm_status s = proxywasm_http_remove_response_header(http, "content-length");
  if (s != PROXYWASM_OK)
    proxywasm_log_errorf("failed to remove content-length: %s", proxywasm_status_str(s));
  return PROXYWASM_CONTINUE;
}

static proxywasm_action on_response_body(proxywasm_http *http, size_t body_size,
                                         bool end_of_stream) {
  stream_state *state = proxywasm_http_get_data(http);
  if (state == NULL || state->echo || !state->modify_response)
    return PROXYWASM_CONTINUE;
  if (!end_of_stream)
    return PROXYWASM_PAUSE;
  rewrite_body(http, PROXYWASM_BUFFER_HTTP_RESPONSE_BODY, "response", state->op, body_size);
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_plugin_start, on_http_create, on_request_headers, on_request_body,
                on_response_headers, on_response_body);
