"""host.py - a fuel-metered Proxy-Wasm host on PyPI's wasmtime (bench/fuel).

Runs one plugin module the way Envoy drives an HTTP filter: _initialize,
proxy_on_context_create/vm_start/configure for the plugin, then per request
proxy_on_context_create, request headers, request body, response headers,
response body, proxy_on_done, proxy_on_log, proxy_on_delete, each called only
if the module exports it (as Envoy does). Host data reaches the module
through its allocator (proxy_on_memory_allocate, else malloc), as in
proxy-wasm-cpp-host. Fuel is wasmtime's count of Wasm operators executed
inside the module, so every figure is identical on every run.

Counts per request: fuel, VM entries (every host-to-module call, including
allocations), hostcalls (every module-to-host call). WASI is stubbed
deterministically (fixed clock steps, fixed "random" bytes).
"""
import struct

import wasmtime

OK, NOT_FOUND, BAD_ARGUMENT, EMPTY, CAS_MISMATCH, UNIMPLEMENTED = 0, 1, 2, 7, 8, 12
MAP_REQUEST_HEADERS, MAP_REQUEST_TRAILERS, MAP_RESPONSE_HEADERS = 0, 1, 2
BUF_REQUEST_BODY, BUF_RESPONSE_BODY, BUF_VM_CONFIG, BUF_PLUGIN_CONFIG = 0, 1, 6, 7
LOG_INFO = 2
FUEL = 1 << 62


class Host:
    """One VM with one plugin; per-request state in self.stream."""

    def __init__(self, engine, module, config=b"", log_level=LOG_INFO, profile=None):
        self.store = wasmtime.Store(engine)
        self.store.set_fuel(FUEL)
        self.module = module
        self.config = config
        self.log_level = log_level
        self.profile = profile  # bench/fuel/profile.py hooks (instrumented builds)
        self.entries = 0
        self.hostcalls = 0
        self.calls = {}  # hostcall name -> count
        self.unimplemented = set()
        self.logs = []  # (level, bytes)
        self.shared = {}  # key -> [value, cas]
        self.next_id = 1
        self.effective = 0
        self.clock = 1_700_000_000_000_000_000
        self.stream = None
        imports = []
        for imp in module.imports:
            imports.append(self._import(imp))
        self.inst = wasmtime.Instance(self.store, module, imports)
        self.ex = self.inst.exports(self.store)
        self.mem = self.ex["memory"]
        names = [e.name for e in module.exports]
        self.alloc_fn = "proxy_on_memory_allocate" if "proxy_on_memory_allocate" in names else "malloc"
        self.has = set(names)

    # ---- plumbing ----
    def fuel(self):
        return FUEL - self.store.get_fuel()

    def call(self, name, *args):
        if name not in self.has:
            return None
        self.entries += 1
        return self.ex[name](self.store, *args)

    def read(self, ptr, n):
        return bytes(self.mem.read(self.store, ptr, ptr + n)) if n else b""

    def w32(self, ptr, v):
        self.mem.write(self.store, struct.pack("<I", v & 0xFFFFFFFF), ptr)

    def w64(self, ptr, v):
        self.mem.write(self.store, struct.pack("<Q", v), ptr)

    def give(self, data, ptr_ptr, size_ptr):
        """Copies data into module memory through its allocator (cpp-host
        copyToPointerSize: nothing is allocated for empty data)."""
        p = 0
        if data:
            p = self.call(self.alloc_fn, len(data))
            if not p:
                return BAD_ARGUMENT
            self.mem.write(self.store, data, p)
        self.w32(ptr_ptr, p)
        self.w32(size_ptr, len(data))
        return OK

    def _import(self, imp):
        ty = imp.type
        name = imp.name
        impl = getattr(self, "h_" + name, None)
        if impl is None:
            if imp.module == "env":
                self.unimplemented.add(name)
            res = ty.results

            def impl(*args, _name=name, _res=res):
                return UNIMPLEMENTED if len(_res) == 1 and imp.module == "env" else (
                    None if not _res else 0)

        # wasmtime hands i32 values over signed; the ABI's are unsigned.
        masks = [0xFFFFFFFF if str(p) == "i32" else 0xFFFFFFFFFFFFFFFF for p in ty.params]

        def cb(*args, _impl=impl, _name=name, _masks=masks):
            self.hostcalls += 1
            self.calls[_name] = self.calls.get(_name, 0) + 1
            return _impl(*(a & m for a, m in zip(args, _masks)))

        if self.profile and imp.module == "prof":
            return wasmtime.Func(self.store, ty, getattr(self.profile, name))
        return wasmtime.Func(self.store, ty, cb)

    # ---- header maps and buffers of the running stream ----
    def _map(self, t):
        s = self.stream
        if s is None:
            return None
        return {MAP_REQUEST_HEADERS: s["req"], MAP_RESPONSE_HEADERS: s["resp"]}.get(t)

    def _buf(self, t):
        if t == BUF_PLUGIN_CONFIG:
            return ("config", None)
        if t == BUF_VM_CONFIG:
            return ("vm", None)
        if self.stream is None:
            return None
        return {BUF_REQUEST_BODY: ("req_body", self.stream),
                BUF_RESPONSE_BODY: ("resp_body", self.stream)}.get(t)

    # ---- proxy-wasm ABI 0.2.1 (the imports the contenders use) ----
    def h_proxy_log(self, level, p, n):
        if level >= self.log_level:  # Envoy drops lines below its level
            self.logs.append((level, self.read(p, n)))
        return OK

    def h_proxy_get_log_level(self, p):
        self.w32(p, self.log_level)
        return OK

    def h_proxy_set_effective_context(self, cid):
        self.effective = cid
        return OK

    def h_proxy_get_current_time_nanoseconds(self, p):
        self.clock += 1000
        self.w64(p, self.clock)
        return OK

    def h_proxy_get_header_map_value(self, t, kp, kn, vpp, vnp):
        m = self._map(t)
        if m is None:
            return BAD_ARGUMENT
        k = self.read(kp, kn)
        for hk, hv in m:
            if hk == k:
                return self.give(hv, vpp, vnp)
        return NOT_FOUND

    def h_proxy_add_header_map_value(self, t, kp, kn, vp, vn):
        m = self._map(t)
        if m is None:
            return BAD_ARGUMENT
        m.append((self.read(kp, kn), self.read(vp, vn)))
        return OK

    def h_proxy_replace_header_map_value(self, t, kp, kn, vp, vn):
        m = self._map(t)
        if m is None:
            return BAD_ARGUMENT
        k, v = self.read(kp, kn), self.read(vp, vn)
        m[:] = [(hk, hv) for hk, hv in m if hk != k] + [(k, v)]
        return OK

    def h_proxy_remove_header_map_value(self, t, kp, kn):
        m = self._map(t)
        if m is None:
            return BAD_ARGUMENT
        k = self.read(kp, kn)
        m[:] = [(hk, hv) for hk, hv in m if hk != k]
        return OK

    def h_proxy_get_header_map_pairs(self, t, pp, np_):
        m = self._map(t)
        if m is None:
            return BAD_ARGUMENT
        out = struct.pack("<I", len(m))
        for k, v in m:
            out += struct.pack("<II", len(k), len(v))
        for k, v in m:
            out += k + b"\0" + v + b"\0"
        return self.give(out, pp, np_)

    def h_proxy_get_header_map_size(self, t, p):
        m = self._map(t)
        if m is None:
            return BAD_ARGUMENT
        self.w32(p, sum(len(k) + len(v) for k, v in m))
        return OK

    def h_proxy_get_buffer_bytes(self, t, start, n, pp, np_):
        b = self._buf(t)
        if b is None:
            return BAD_ARGUMENT
        data = self.config if b[0] == "config" else b"" if b[0] == "vm" else b[1][b[0]]
        if start > len(data):
            return BAD_ARGUMENT
        data = data[start:start + n]
        if not data:
            return NOT_FOUND if b[0] == "config" else EMPTY
        return self.give(data, pp, np_)

    def h_proxy_get_buffer_status(self, t, lp, fp):
        b = self._buf(t)
        if b is None or b[1] is None:
            return BAD_ARGUMENT
        self.w32(lp, len(b[1][b[0]]))
        self.w32(fp, 0)
        return OK

    def h_proxy_set_buffer_bytes(self, t, start, n, p, pn):
        b = self._buf(t)
        if b is None or b[1] is None:
            return BAD_ARGUMENT
        cur = b[1][b[0]]
        b[1][b[0]] = cur[:start] + self.read(p, pn) + cur[start + n:]
        return OK

    def h_proxy_get_shared_data(self, kp, kn, vpp, vnp, casp):
        k = self.read(kp, kn)
        if k not in self.shared:
            return NOT_FOUND
        v, cas = self.shared[k]
        s = self.give(v, vpp, vnp)
        self.w32(casp, cas)
        return s

    def h_proxy_set_shared_data(self, kp, kn, vp, vn, cas):
        k = self.read(kp, kn)
        cur = self.shared.get(k)
        if cas and cur and cur[1] != cas:
            return CAS_MISMATCH
        self.shared[k] = [self.read(vp, vn), (cur[1] + 1) if cur else 1]
        return OK

    def h_proxy_get_property(self, pp, pn, rpp, rnp):
        return NOT_FOUND

    def h_proxy_continue_stream(self, t):
        return OK

    def h_proxy_done(self):
        return OK

    # ---- WASI, deterministic ----
    def h_clock_time_get(self, clock_id, precision, p):
        self.clock += 1000
        self.w64(p, self.clock)
        return 0

    def h_random_get(self, p, n):
        self.mem.write(self.store, bytes((i * 37 + 11) & 0xFF for i in range(n)), p)
        return 0

    def h_args_sizes_get(self, a, b):
        self.w32(a, 0)
        self.w32(b, 0)
        return 0

    h_environ_sizes_get = h_args_sizes_get

    def h_args_get(self, a, b):
        return 0

    h_environ_get = h_args_get

    def h_fd_write(self, fd, iovs, n, wp):
        total = 0
        for i in range(n):
            _, ln = struct.unpack("<II", self.read(iovs + 8 * i, 8))
            total += ln
        self.w32(wp, total)
        return 0

    def h_fd_prestat_get(self, fd, p):
        return 8  # EBADF: no preopened directories

    def h_sched_yield(self):
        return 0

    def h_proc_exit(self, code):
        raise RuntimeError("proc_exit(%d)" % code)

    # ---- Envoy's call sequence ----
    def start(self):
        """Loads the plugin as Envoy does; returns its root context id."""
        self.call("_initialize")
        root = self.next_id
        self.next_id += 1
        self.root = root
        self.call("proxy_on_context_create", root, 0)
        self.call("proxy_on_vm_start", root, 0)
        ok = self.call("proxy_on_configure", root, len(self.config))
        if ok is not None and ok == 0:
            raise RuntimeError("the plugin rejected its configuration")
        return root

    def request(self, req_headers, req_body=b"", resp_headers=(), resp_body=b""):
        """One HTTP request through the filter; returns the stream state."""
        cid = self.next_id
        self.next_id += 1
        s = self.stream = {"req": list(req_headers), "resp": list(resp_headers),
                           "req_body": req_body, "resp_body": resp_body, "actions": []}
        self.effective = cid
        self.call("proxy_on_context_create", cid, self.root)
        a = self.call("proxy_on_request_headers", cid, len(s["req"]), int(not req_body))
        s["actions"].append(a)
        if req_body:
            # Envoy's HTTP/1 codec: the data, then the end of the stream; a
            # filter that stopped and buffered sees the whole body at the end.
            a = self.call("proxy_on_request_body", cid, len(req_body), 0)
            if a not in (0, 1):  # continue, or stop and buffer
                s["actions"].append(a)
            a = self.call("proxy_on_request_body", cid, len(s["req_body"]), 1)
            s["actions"].append(a)
        a = self.call("proxy_on_response_headers", cid, len(s["resp"]), int(not resp_body))
        s["actions"].append(a)
        if resp_body:
            a = self.call("proxy_on_response_body", cid, len(resp_body), 1)
            s["actions"].append(a)
        self.call("proxy_on_done", cid)
        self.call("proxy_on_log", cid)
        self.call("proxy_on_delete", cid)
        self.stream = None
        return s

    def pages(self):
        return self.mem.size(self.store)
