/*
 * The shared_queue example across two VMs in one emulated host, as in
 * envoy.yaml: receiver.so (vm_id "receiver", three plugins, one per queue)
 * and sender.so (vm_id "sender", plugins "http" and "tcp"). Every item the
 * sender enqueues must be dequeued by the receiver's plugin for that queue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

typedef struct fixture {
  proxywasm_emu *emu;
  proxywasm_emu_vm *receiver, *sender;
  uint32_t rx[3];           /* receiver roots: request, response, tcp queues */
  uint32_t tx_http, tx_tcp; /* sender roots */
} fixture;

static const char *const queues[3] = {"http_request_headers", "http_response_headers",
                                      "tcp_data_hashes"};

static uint32_t add_plugin(proxywasm_emu_vm *vm, const char *config) {
  proxywasm_emu_plugin_options po = {.configuration = config};
  bool started = false;
  uint32_t root = proxywasm_emu_plugin_add(vm, &po, &started);
  return started ? root : 0;
}

static int start_receiver(fixture *f) {
  proxywasm_emu_vm_options ro = {.vm_id = "receiver", .plugin_path = "shared_queue/receiver"};
  f->receiver = proxywasm_emu_vm_new(f->emu, &ro);
  if (f->receiver == NULL)
    return -1;
  for (int i = 0; i < 3; i++)
    if ((f->rx[i] = add_plugin(f->receiver, queues[i])) == 0)
      return -1;
  return 0;
}

static int start_sender(fixture *f) {
  proxywasm_emu_vm_options so = {.vm_id = "sender", .plugin_path = "shared_queue/sender"};
  f->sender = proxywasm_emu_vm_new(f->emu, &so);
  if (f->sender == NULL)
    return -1;
  f->tx_http = add_plugin(f->sender, "http");
  f->tx_tcp = add_plugin(f->sender, "tcp");
  return f->tx_http && f->tx_tcp ? 0 : -1;
}

static int setup(void **state) {
  static fixture f;
  memset(&f, 0, sizeof f);
  f.emu = proxywasm_emu_new();
  if (f.emu == NULL || start_receiver(&f) != 0 || start_sender(&f) != 0) {
    fprintf(stderr, "setup: %s\n", f.emu ? proxywasm_emu_error(f.emu) : "no memory");
    return -1;
  }
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  proxywasm_emu_free(f->emu);
  return 0;
}

static bool info(fixture *f, const char *msg) {
  return proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_INFO, msg);
}

/* Every logged enqueue has a matching dequeue, and nothing is left over. */
static void assert_all_dequeued(fixture *f) {
  size_t enq = 0, deq = 0;
  size_t n = proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_INFO);
  for (size_t i = 0; i < n; i++) {
    const char *m = proxywasm_emu_log_message(f->emu, PROXYWASM_LOG_INFO, i);
    enq += strstr(m, "enqueued data: ") != NULL;
    deq += strstr(m, "dequeued data from ") != NULL;
  }
  assert_true(enq > 0);
  assert_int_equal(enq, deq);
  for (int i = 0; i < 3; i++)
    assert_int_equal(
        proxywasm_emu_queue_size(f->emu, proxywasm_emu_queue_id(f->emu, "receiver", queues[i])), 0);
}

static void test_startup_logs(void **state) {
  fixture *f = *state;
  char msg[128];
  for (int i = 0; i < 3; i++) {
    uint32_t q = proxywasm_emu_queue_id(f->emu, "receiver", queues[i]);
    assert_int_not_equal(q, 0);
    snprintf(msg, sizeof msg, "queue \"%s\" registered as queueID=%u by contextID=%u", queues[i], q,
             f->rx[i]);
    assert_true(info(f, msg));
  }
  snprintf(msg, sizeof msg, "contextID=%u is configured for http", f->tx_http);
  assert_true(info(f, msg));
  snprintf(msg, sizeof msg, "contextID=%u is configured for tcp", f->tx_tcp);
  assert_true(info(f, msg));
  /* Queues are scoped by vm_id. */
  assert_int_equal(proxywasm_emu_queue_id(f->emu, "sender", "http_request_headers"), 0);
}

static void test_http_headers_exchange(void **state) {
  fixture *f = *state;
  uint32_t q_req = proxywasm_emu_queue_id(f->emu, "receiver", "http_request_headers");
  uint32_t q_resp = proxywasm_emu_queue_id(f->emu, "receiver", "http_response_headers");
  uint32_t id = proxywasm_emu_http_new(f->sender, f->tx_http);
  proxywasm_header req[] = {PROXYWASM_HEADER(":authority", "localhost:18000"),
                            PROXYWASM_HEADER(":path", "/"), PROXYWASM_HEADER(":method", "GET")};
  assert_int_equal(proxywasm_emu_on_request_headers(f->sender, id, req, 3, true),
                   PROXYWASM_CONTINUE);
  assert_true(info(f, "enqueued data: {\"key\": \":method\",\"value\": \"GET\"}"));
  char msg[160];
  snprintf(msg, sizeof msg,
           "(contextID=%u) dequeued data from http_request_headers(queueID=%u): "
           "{\"key\": \":authority\",\"value\": \"localhost:18000\"}",
           f->rx[0], q_req);
  assert_true(info(f, msg));
  /* The receiver logged from its own plugin context, in the receiver VM. */
  assert_int_equal(proxywasm_emu_context_log_count(f->receiver, f->rx[0], PROXYWASM_LOG_INFO),
                   1 + 3);

  proxywasm_header resp[] = {PROXYWASM_HEADER(":status", "200"),
                             PROXYWASM_HEADER("content-length", "13")};
  assert_int_equal(proxywasm_emu_on_response_headers(f->sender, id, resp, 2, false),
                   PROXYWASM_CONTINUE);
  snprintf(msg, sizeof msg,
           "(contextID=%u) enqueued data: {\"key\": \":status\",\"value\": \"200\"}", id);
  assert_true(info(f, msg));
  snprintf(msg, sizeof msg,
           "(contextID=%u) dequeued data from http_response_headers(queueID=%u): "
           "{\"key\": \"content-length\",\"value\": \"13\"}",
           f->rx[1], q_resp);
  assert_true(info(f, msg));
  proxywasm_emu_http_complete(f->sender, id);
  assert_all_dequeued(f);
}

/* A 1000-byte header value makes a queue item holding all of it. */
static void test_long_header_value(void **state) {
  fixture *f = *state;
  static char value[1001], want[1100];
  memset(value, 'v', 1000);
  value[999] = 'Z'; /* the last byte, to see that nothing is cut */
  proxywasm_header req[] = {{PROXYWASM_LIT("x-long"), {value, 1000}}};
  uint32_t id = proxywasm_emu_http_new(f->sender, f->tx_http);
  assert_int_equal(proxywasm_emu_on_request_headers(f->sender, id, req, 1, true),
                   PROXYWASM_CONTINUE);
  int n = snprintf(want, sizeof want, "{\"key\": \"x-long\",\"value\": \"%s\"}", value);
  assert_int_equal(n, 1000 + 29);
  const proxywasm_emu_log_entry *e;
  size_t count = proxywasm_emu_log_entries(f->emu, &e), enq = 0, deq = 0;
  for (size_t i = 0; i < count; i++) {
    const char *item = strstr(e[i].message, ": {");
    if (item == NULL || strstr(e[i].message, "x-long") == NULL)
      continue;
    assert_string_equal(item + 2, want); /* the whole item, as enqueued and as dequeued */
    enq += strstr(e[i].message, "enqueued") != NULL;
    deq += strstr(e[i].message, "dequeued") != NULL;
  }
  assert_int_equal(enq, 1);
  assert_int_equal(deq, 1);
  proxywasm_emu_http_complete(f->sender, id);
}

static void test_tcp_hash_exchange(void **state) {
  fixture *f = *state;
  uint32_t q = proxywasm_emu_queue_id(f->emu, "receiver", "tcp_data_hashes");
  proxywasm_action a;
  uint32_t id = proxywasm_emu_tcp_new(f->sender, f->tx_tcp, &a);
  assert_int_equal(a, PROXYWASM_CONTINUE);
  /* Empty frames are skipped. */
  assert_int_equal(proxywasm_emu_on_upstream_data(f->sender, id, "", 0, false), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_upstream_data(f->sender, id, "hello world!", 12, false),
                   PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_on_upstream_data(f->sender, id, "a", 1, true), PROXYWASM_CONTINUE);
  /* FNV-128a, as Go's hash/fnv New128a. */
  char msg[160];
  snprintf(msg, sizeof msg, "(contextID=%u) enqueued data: 7ed141a1dc3dcc0fbd02af2f4c9c7a92", id);
  assert_true(info(f, msg));
  snprintf(msg, sizeof msg,
           "(contextID=%u) dequeued data from tcp_data_hashes(queueID=%u): "
           "d228cb696f1a8caf78912b704e4a8964",
           f->rx[2], q);
  assert_true(info(f, msg));
  assert_int_equal(proxywasm_emu_context_log_count(f->receiver, f->rx[2], PROXYWASM_LOG_INFO),
                   1 + 2);
  /* Downstream data is not hashed. */
  assert_int_equal(proxywasm_emu_on_downstream_data(f->sender, id, "GET /", 5, false),
                   PROXYWASM_CONTINUE);
  proxywasm_emu_tcp_complete(f->sender, id);
  assert_all_dequeued(f);
}

/* A plugin enqueues only for its own role. */
static void test_roles(void **state) {
  fixture *f = *state;
  size_t before = proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_INFO);
  uint32_t h = proxywasm_emu_http_new(f->sender, f->tx_tcp);
  proxywasm_header req[] = {PROXYWASM_HEADER(":method", "GET")};
  assert_int_equal(proxywasm_emu_on_request_headers(f->sender, h, req, 1, true),
                   PROXYWASM_CONTINUE);
  uint32_t t = proxywasm_emu_tcp_new(f->sender, f->tx_http, NULL);
  assert_int_equal(proxywasm_emu_on_upstream_data(f->sender, t, "data", 4, false),
                   PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_INFO), before);
}

/* Notifications may coalesce: one on_queue_ready drains every item. */
static void test_receiver_drains(void **state) {
  fixture *f = *state;
  uint32_t q = proxywasm_emu_queue_id(f->emu, "receiver", "http_request_headers");
  proxywasm_emu_set_auto_deliver(f->emu, false);
  for (int i = 0; i < 3; i++)
    assert_int_equal(proxywasm_emu_queue_enqueue(f->emu, q, "item", 4), PROXYWASM_OK);
  assert_int_equal(proxywasm_emu_queue_size(f->emu, q), 3);
  assert_int_equal(proxywasm_emu_deliver(f->emu), 3);
  assert_int_equal(proxywasm_emu_queue_size(f->emu, q), 0);
  assert_int_equal(proxywasm_emu_context_log_count(f->receiver, f->rx[0], PROXYWASM_LOG_INFO),
                   1 + 3);
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_CRITICAL), 0);
}

/* A sender without a receiver reports the missing queue and goes on. */
static void test_no_receiver(void **state) {
  (void)state;
  fixture f;
  memset(&f, 0, sizeof f);
  f.emu = proxywasm_emu_new();
  assert_non_null(f.emu);
  assert_int_equal(start_sender(&f), 0);
  uint32_t id = proxywasm_emu_http_new(f.sender, f.tx_http);
  proxywasm_header req[] = {PROXYWASM_HEADER(":method", "GET")};
  assert_int_equal(proxywasm_emu_on_request_headers(f.sender, id, req, 1, true),
                   PROXYWASM_CONTINUE);
  assert_true(proxywasm_emu_log_contains(f.emu, PROXYWASM_LOG_CRITICAL,
                                         "error resolving queue id: not found"));
  assert_true(proxywasm_emu_log_contains(f.emu, PROXYWASM_LOG_CRITICAL, "error queueing: "));
  assert_false(proxywasm_emu_log_contains(f.emu, PROXYWASM_LOG_INFO, "enqueued data"));
  proxywasm_emu_free(f.emu);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_startup_logs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_http_headers_exchange, setup, teardown),
      cmocka_unit_test_setup_teardown(test_long_header_value, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tcp_hash_exchange, setup, teardown),
      cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
      cmocka_unit_test_setup_teardown(test_receiver_drains, setup, teardown),
      cmocka_unit_test(test_no_receiver),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
