/*
 * Unit tests of postpone_requests through the host emulator: requests are
 * paused and resumed by the next tick (Go's TestSetEffectiveContext, plus
 * several streams, the timer and a stream that went away).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <proxywasm.h>
#include <proxywasm/emulator.h>

typedef struct fixture {
  proxywasm_emu *emu;
  proxywasm_emu_vm *vm;
} fixture;

static int setup(void **state) {
  static fixture f;
  f.emu = proxywasm_emu_new();
  if (f.emu == NULL)
    return -1;
  f.vm = proxywasm_emu_start(f.emu, NULL);
  if (f.vm == NULL) {
    fprintf(stderr, "start: %s\n", proxywasm_emu_error(f.emu));
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

static bool logged(proxywasm_emu *emu, const char *fmt, uint32_t id) {
  char msg[128];
  snprintf(msg, sizeof msg, fmt, id);
  return proxywasm_emu_log_contains(emu, PROXYWASM_LOG_INFO, msg);
}

/* Go: StartPlugin, tick period 1000, request paused, Tick resumes it. */
static void test_tick_resumes_request(void **state) {
  fixture *f = *state;
  uint32_t root = proxywasm_emu_vm_root(f->vm);
  assert_int_equal(proxywasm_emu_get_tick_period(f->vm, root), 1000);

  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, NULL, 0, false), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_get_action(f->vm, id), PROXYWASM_PAUSE);
  assert_true(logged(f->emu, "postpone request with contextID=%u", id));
  assert_false(logged(f->emu, "resume request with contextID=%u", id));

  proxywasm_emu_on_tick(f->vm, root);
  assert_int_equal(proxywasm_emu_get_action(f->vm, id), PROXYWASM_CONTINUE);
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, id, PROXYWASM_STREAM_HTTP_REQUEST), 1);
  assert_true(logged(f->emu, "resume request with contextID=%u", id));
}

/* Every request paused before a tick is resumed by it, once. */
static void test_tick_resumes_all_once(void **state) {
  fixture *f = *state;
  uint32_t root = proxywasm_emu_vm_root(f->vm);
  uint32_t ids[3];
  for (int i = 0; i < 3; i++) {
    ids[i] = proxywasm_emu_http_new(f->vm, 0);
    assert_int_equal(proxywasm_emu_on_request_headers(f->vm, ids[i], NULL, 0, true),
                     PROXYWASM_PAUSE);
  }
  proxywasm_emu_on_tick(f->vm, root);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(proxywasm_emu_get_action(f->vm, ids[i]), PROXYWASM_CONTINUE);
    assert_true(logged(f->emu, "resume request with contextID=%u", ids[i]));
  }
  /* A later request waits for the next tick; earlier ones are not resumed again. */
  uint32_t late = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, late, NULL, 0, true), PROXYWASM_PAUSE);
  proxywasm_emu_on_tick(f->vm, root);
  assert_int_equal(proxywasm_emu_get_action(f->vm, late), PROXYWASM_CONTINUE);
  for (int i = 0; i < 3; i++)
    assert_int_equal(proxywasm_emu_get_resume_count(f->vm, ids[i], PROXYWASM_STREAM_HTTP_REQUEST),
                     1);
  assert_int_equal(proxywasm_emu_log_count(f->emu, PROXYWASM_LOG_INFO), 8);
}

/* The timer, not only explicit ticks: nothing happens before 1 s. */
static void test_timer_period(void **state) {
  fixture *f = *state;
  uint32_t id = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, id, NULL, 0, true), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_advance(f->emu, 999), 0);
  assert_int_equal(proxywasm_emu_get_action(f->vm, id), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_advance(f->emu, 1), 1);
  assert_int_equal(proxywasm_emu_get_action(f->vm, id), PROXYWASM_CONTINUE);
}

/* A stream deleted while postponed (client gone) is skipped, not resumed. */
static void test_gone_stream_is_skipped(void **state) {
  fixture *f = *state;
  uint32_t gone = proxywasm_emu_http_new(f->vm, 0);
  uint32_t live = proxywasm_emu_http_new(f->vm, 0);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, gone, NULL, 0, true), PROXYWASM_PAUSE);
  assert_int_equal(proxywasm_emu_on_request_headers(f->vm, live, NULL, 0, true), PROXYWASM_PAUSE);
  proxywasm_emu_http_complete(f->vm, gone);
  assert_int_equal(proxywasm_emu_context_state_of(f->vm, gone), PROXYWASM_EMU_CONTEXT_DELETED);

  proxywasm_emu_on_tick(f->vm, proxywasm_emu_vm_root(f->vm));
  assert_int_equal(proxywasm_emu_get_resume_count(f->vm, gone, PROXYWASM_STREAM_HTTP_REQUEST), 0);
  assert_int_equal(proxywasm_emu_get_action(f->vm, live), PROXYWASM_CONTINUE);
  char msg[64];
  snprintf(msg, sizeof msg, "request with contextID=%u is gone", gone);
  assert_true(proxywasm_emu_log_contains(f->emu, PROXYWASM_LOG_WARN, msg));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_tick_resumes_request, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tick_resumes_all_once, setup, teardown),
      cmocka_unit_test_setup_teardown(test_timer_period, setup, teardown),
      cmocka_unit_test_setup_teardown(test_gone_stream_is_skipped, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
