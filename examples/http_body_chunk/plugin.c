/*
 * http_body_chunk - inspecting a request body chunk by chunk as it arrives,
 * without waiting for all of it: if the word "pattern" shows up, the
 * request is answered with 403 at once; otherwise it continues upstream
 * once the whole body has been seen.
 *
 * While a body hook returns PROXYWASM_PAUSE, Envoy keeps buffering, and
 * body_size is the size of everything buffered so far; the new chunk is the
 * part after what was already read.
 *
 * Port of the Go SDK's examples/http_body_chunk, with the same log texts.
 * Unlike the Go example it also finds the pattern when it straddles two
 * chunks (it searches from a few bytes before the new chunk).
 */
#include <string.h>

#include <proxywasm.h>

static const char pattern[] = "pattern";
#define PATTERN_LEN (sizeof pattern - 1)

typedef struct stream_state {
  size_t read; /* bytes of the body read so far */
  int chunks;  /* chunks seen */
} stream_state;

static bool contains_pattern(proxywasm_bytes b) {
  for (size_t i = 0; i + PATTERN_LEN <= b.len; i++)
    if (memcmp(b.data + i, pattern, PATTERN_LEN) == 0)
      return true;
  return false;
}

/* Per-request state: zeroed, and freed by the SDK with the stream. */
static void on_http_create(proxywasm_http *http) {
  proxywasm_http_set_data(http, proxywasm_http_alloc(http, sizeof(stream_state)));
}

static proxywasm_action on_request_body(proxywasm_http *http, size_t body_size,
                                        bool end_of_stream) {
  stream_state *state = proxywasm_http_get_data(http);
  if (state == NULL)
    return PROXYWASM_CONTINUE; /* out of memory at stream start: let it through */
  proxywasm_log_infof("OnHttpRequestBody called. BodySize: %zu, totalRequestBodyReadSize: %zu, "
                      "endOfStream: %s",
                      body_size, state->read, end_of_stream ? "true" : "false");

  if (body_size > state->read) {
    size_t chunk_size = body_size - state->read;
    state->chunks++;
    /* Re-read the tail of the previous chunk that could hold the start of the pattern. */
    size_t overlap = state->read < PATTERN_LEN - 1 ? state->read : PATTERN_LEN - 1;
    proxywasm_bytes data;
    proxywasm_status s =
        proxywasm_http_get_request_body(http, state->read - overlap, chunk_size + overlap, &data);
    if (s != PROXYWASM_OK) {
      proxywasm_log_criticalf("failed to get request body: %s", proxywasm_status_str(s));
      return PROXYWASM_CONTINUE;
    }
    size_t got = data.len > overlap ? data.len - overlap : 0;
    proxywasm_log_infof("read chunk size: %zu", got);
    if (got != chunk_size)
      proxywasm_log_errorf("read data does not match the expected size: %zu != %zu", got,
                           chunk_size);
    state->read += got;

    if (contains_pattern(data)) {
      char msg[64];
      int len = proxywasm_snprintf(msg, sizeof msg, "pattern found in chunk: %d", state->chunks);
      const proxywasm_header extra[] = {PROXYWASM_HEADER("powered-by", "proxy-wasm-go-sdk")};
      proxywasm_log_info(msg);
      s = proxywasm_http_send_response(http, 403, extra, 1, msg, (size_t)len);
      if (s != PROXYWASM_OK) {
        proxywasm_log_criticalf("failed to send local response: %s", proxywasm_status_str(s));
        proxywasm_http_resume_request(http);
      } else {
        proxywasm_log_info("local 403 response sent");
      }
      return PROXYWASM_PAUSE;
    }
  }

  if (!end_of_stream)
    return PROXYWASM_PAUSE; /* keep buffering: hold the request until all is checked */
  if (state->read != body_size)
    proxywasm_log_errorf("read data does not match the expected total size: %zu != %zu",
                         state->read, body_size);
  proxywasm_log_info("pattern not found");
  return PROXYWASM_CONTINUE;
}

PROXYWASM_HOOKS(on_http_create, on_request_body);
