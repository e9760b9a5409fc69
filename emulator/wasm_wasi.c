/*
 * wasm_wasi.c - the WASI preview-1 imports a plugin built with wasi-libc
 * may have, in the wasm mode, as Envoy provides them: stdout and stderr
 * become log lines (info and error), the clock is the emulator's, random
 * bytes are random, there are no arguments, environment or files.
 * Returns are WASI errno values (0: success). While the module starts or
 * allocates, each import is allowed only where proxy-wasm-cpp-host allows
 * it (startVm: arguments, environment, clock, random, fd_write;
 * allocMemory: clock and fd_write); any other traps restricted_callback.
 */
#include <sys/random.h>

#include "abi.h"
#include "wasm_host.h"

enum { WASI_OK = 0, WASI_BADF = 8, WASI_FAULT = 21, WASI_INVAL = 28, WASI_NOSYS = 52 };

#define ENTER(e, phases) \
  emu_wasm *w = (e)->w;  \
  proxywasm__emu_wasm_allowed(w, (phases))
#define START EMU_WASM_IN_START

static uint32_t put32(emu_wasm *w, uint32_t off, uint32_t v) {
  char *p = proxywasm__emu_wasm_at(w, off, 4);
  if (p == NULL)
    return WASI_FAULT;
  memcpy(p, &v, 4);
  return WASI_OK;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_write(struct Z_wasi_snapshot_preview1_instance_t *e,
                                            uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                                            uint32_t nwritten) {
  emu_wasm *w = e->w; /* allowed everywhere */
  if (fd != 1 && fd != 2)
    return WASI_BADF;
  const char *iov = proxywasm__emu_wasm_at(w, iovs, (uint64_t)iovs_len * 8);
  if (iov == NULL)
    return WASI_FAULT;
  emu_buf line = {0};
  uint32_t total = 0;
  for (uint32_t i = 0; i < iovs_len; i++) {
    uint32_t base, len;
    memcpy(&base, iov + 8 * i, 4);
    memcpy(&len, iov + 8 * i + 4, 4);
    const char *p = proxywasm__emu_wasm_at(w, base, len);
    if (p == NULL || proxywasm__emu_buf_append(&line, p, len) != 0) {
      proxywasm__emu_buf_free(&line);
      return p == NULL ? WASI_FAULT : WASI_INVAL;
    }
    total += len;
  }
  /* Envoy logs each write, without a trailing newline. */
  size_t n = line.len;
  if (n > 0 && line.data[n - 1] == '\n')
    n--;
  if (n > 0)
    (void)proxy_log(fd == 1 ? PROXYWASM_LOG_INFO : PROXYWASM_LOG_ERROR, line.data, n);
  proxywasm__emu_buf_free(&line);
  return put32(w, nwritten, total);
}

uint32_t Z_wasi_snapshot_preview1Z_random_get(struct Z_wasi_snapshot_preview1_instance_t *e,
                                              uint32_t buf, uint32_t len) {
  ENTER(e, START);
  char *p = proxywasm__emu_wasm_at(w, buf, len);
  if (p == NULL)
    return WASI_FAULT;
  for (uint32_t done = 0; done < len;) {
    ssize_t n = getrandom(p + done, len - done, 0);
    if (n <= 0)
      return WASI_INVAL;
    done += (uint32_t)n;
  }
  return WASI_OK;
}

uint32_t Z_wasi_snapshot_preview1Z_clock_time_get(struct Z_wasi_snapshot_preview1_instance_t *e,
                                                  uint32_t id, uint64_t precision, uint32_t out) {
  ENTER(e, START | EMU_WASM_IN_ALLOC);
  (void)precision;
  if (id > 1) /* realtime and monotonic only */
    return WASI_INVAL;
  uint64_t ns = 0;
  (void)proxy_get_current_time_nanoseconds(&ns);
  char *p = proxywasm__emu_wasm_at(w, out, 8);
  if (p == NULL)
    return WASI_FAULT;
  memcpy(p, &ns, 8);
  return WASI_OK;
}

static uint32_t none(emu_wasm *w, uint32_t count, uint32_t size) {
  uint32_t st = put32(w, count, 0);
  return st ? st : put32(w, size, 0);
}

uint32_t Z_wasi_snapshot_preview1Z_environ_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *e,
                                                     uint32_t count, uint32_t size) {
  ENTER(e, START);
  return none(w, count, size);
}

uint32_t Z_wasi_snapshot_preview1Z_environ_get(struct Z_wasi_snapshot_preview1_instance_t *e,
                                               uint32_t env, uint32_t buf) {
  ENTER(e, START);
  (void)w, (void)env, (void)buf;
  return WASI_OK;
}

uint32_t Z_wasi_snapshot_preview1Z_args_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *e,
                                                  uint32_t count, uint32_t size) {
  ENTER(e, START);
  return none(w, count, size);
}

uint32_t Z_wasi_snapshot_preview1Z_args_get(struct Z_wasi_snapshot_preview1_instance_t *e,
                                            uint32_t argv, uint32_t buf) {
  ENTER(e, START);
  (void)w, (void)argv, (void)buf;
  return WASI_OK;
}

void Z_wasi_snapshot_preview1Z_proc_exit(struct Z_wasi_snapshot_preview1_instance_t *e,
                                         uint32_t code) {
  (void)code;
  proxywasm__emu_wasm_trap(e->w, "proc_exit");
}

/* No files: every descriptor is bad. Not allowed while the module starts
   or allocates (wasi-libc's stdout asks fd_fdstat_get on its first write). */
uint32_t Z_wasi_snapshot_preview1Z_fd_close(struct Z_wasi_snapshot_preview1_instance_t *e,
                                            uint32_t fd) {
  ENTER(e, 0);
  (void)w, (void)fd;
  return WASI_BADF;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_fdstat_get(struct Z_wasi_snapshot_preview1_instance_t *e,
                                                 uint32_t fd, uint32_t stat) {
  ENTER(e, 0);
  (void)w, (void)fd, (void)stat;
  return WASI_BADF;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_seek(struct Z_wasi_snapshot_preview1_instance_t *e,
                                           uint32_t fd, uint64_t offset, uint32_t whence,
                                           uint32_t out) {
  ENTER(e, 0);
  (void)w, (void)fd, (void)offset, (void)whence, (void)out;
  return WASI_BADF;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_read(struct Z_wasi_snapshot_preview1_instance_t *e,
                                           uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                                           uint32_t nread) {
  ENTER(e, 0);
  (void)w, (void)fd, (void)iovs, (void)iovs_len, (void)nread;
  return WASI_BADF;
}

uint32_t Z_wasi_snapshot_preview1Z_sched_yield(struct Z_wasi_snapshot_preview1_instance_t *e) {
  ENTER(e, 0);
  (void)w;
  return WASI_OK;
}

uint32_t Z_wasi_snapshot_preview1Z_poll_oneoff(struct Z_wasi_snapshot_preview1_instance_t *e,
                                               uint32_t in, uint32_t out, uint32_t n,
                                               uint32_t nevents) {
  ENTER(e, 0);
  (void)w, (void)in, (void)out, (void)n, (void)nevents;
  return WASI_NOSYS;
}
