"""run.py - the deterministic cost benchmark (bench/fuel/README.md).

  run.py [--gate] [--md FILE] [--contenders floor,sdk,go,rust] [--profile W:C ...]

For every workload and contender: fuel per request in the steady state,
VM entries and hostcalls per request, memory pages after warm-up and after
LEAK_N requests, and a byte-exact check that the work was done. --gate
checks this SDK against the floor (bench/fuel/README.md); --profile prints
where the fuel of one contender's request goes, per function.
"""
import argparse
import os
import struct
import sys

import wasmtime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from host import Host  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
B = os.path.join(ROOT, "build")
WARM, MEASURE, LEAK_N = 16, 32, 1000
GATE_PER_CROSSING = 20

REQ = [(b":authority", b"127.0.0.1:28000"), (b":path", b"/"), (b":method", b"GET"),
       (b":scheme", b"http"), (b"user-agent", b"wrk"), (b"x-bench-a", b"alpha"),
       (b"x-bench-b", b"beta"), (b"x-forwarded-proto", b"http"),
       (b"x-request-id", b"0f3c5b52-5d8e-4a57-9d1c-2f1e7d1c9a11")]
RESP = [(b":status", b"200"), (b"content-length", b"3"), (b"content-type", b"text/plain"),
        (b"date", b"Sun, 06 Dec 2026 00:00:00 GMT"), (b"server", b"envoy")]
BODY = (b"abcdefghijklmnop" * 64)[:1024]
QS_CONFIG = b'{"header": "x-hello", "value": "from proxy-wasm-c"}'


def req_for(w):
    if w == "body1k":
        return [(k, v) for k, v in REQ if k != b":method"] + [
            (b":method", b"POST"), (b"content-type", b"text/plain"),
            (b"content-length", b"1024")], BODY
    return REQ, b""


def check(w, h, s, n):
    """The work was done, byte for byte; returns an error string or None."""
    if w == "pass" or w == "log":
        if s["resp"] != RESP or s["req"] != req_for(w)[0]:
            return "headers changed"
    if w == "headers" and s["resp"] != RESP + [(b"x-bench-1", b"one"), (b"x-bench-2", b"two")]:
        return "response headers: %r" % s["resp"][len(RESP):]
    if w == "shared":
        v = h.shared.get(b"bench_counter", [b""])[0]
        if v != struct.pack("<Q", n):
            return "counter %r after %d requests" % (v, n)
    if w == "body1k" and s["req_body"] != BODY.upper():
        return "body not upper-cased"
    if w == "quickstart":
        if s["resp"] != RESP + [(b"x-hello", b"from proxy-wasm-c")]:
            return "response headers: %r" % s["resp"][len(RESP):]
    if any(a not in (0, None) for a in s["actions"]):
        return "actions %r" % s["actions"]
    return None


def wasm_of(c, w):
    if c in ("go", "rust"):
        if w == "quickstart":
            return None
        return os.path.join(B, "bench", c + ".wasm"), ("body" if w == "body1k" else w).encode()
    if w == "quickstart":
        if c == "sdk":
            return os.path.join(B, "examples", "quickstart", "plugin.wasm"), QS_CONFIG
        return os.path.join(B, "bench", "floor", "quickstart.wasm"), QS_CONFIG
    return os.path.join(B, "bench", c, ("body" if w == "body1k" else w) + ".wasm"), b""


_modules = {}


def engine():
    if "engine" not in _modules:
        cfg = wasmtime.Config()
        cfg.consume_fuel = True
        _modules["engine"] = wasmtime.Engine(cfg)
    return _modules["engine"]


def module(path):
    if path not in _modules:
        _modules[path] = wasmtime.Module.from_file(engine(), path)
    return _modules[path]


def logs_check(w, path, config, h):
    """The log workloads' lines: none below the level (checked by the main
    run at info), and the exact line at debug level."""
    if w == "log":
        if h.logs:
            return "lines at info: %r" % h.logs[:2]
        d = Host(engine(), module(path), config, log_level=1)
        d.start()
        for _ in range(3):
            d.request(*req_for(w), RESP, b"ok\n")
        got = [m for lvl, m in d.logs if lvl == 1]
        if got[-3:] != [b"bench request 1", b"bench request 2", b"bench request 3"]:
            return "debug lines %r" % got[-3:]
    if w == "quickstart":
        want = b"quickstart: request path /"
        if [m for lvl, m in h.logs[-2:]] != [want, want]:
            return "log lines %r" % h.logs[-2:]
    return None


def measure(c, w):
    spec = wasm_of(c, w)
    if spec is None or not os.path.exists(spec[0]):
        return None
    path, config = spec
    h = Host(engine(), module(path), config)
    h.start()
    req, body = req_for(w)
    n = 0
    for _ in range(WARM):
        h.request(req, body, RESP, b"ok\n")
        n += 1
    pages_warm = h.pages()
    f0, e0, c0 = h.fuel(), h.entries, h.hostcalls
    fuels = []
    for _ in range(MEASURE):
        f = h.fuel()
        s = h.request(req, body, RESP, b"ok\n")
        n += 1
        fuels.append(h.fuel() - f)
        err = check(w, h, s, n)
        if err:
            break
    r = {
        "fuel": (h.fuel() - f0) / MEASURE, "fuel_min": min(fuels), "fuel_max": max(fuels),
        "entries": (h.entries - e0) / MEASURE, "hostcalls": (h.hostcalls - c0) / MEASURE,
        "pages_warm": pages_warm, "size": os.path.getsize(path),
    }
    err = err or logs_check(w, path, config, h)
    while n < LEAK_N and not err:
        s = h.request(req, body, RESP, b"ok\n")
        n += 1
        err = check(w, h, s, n)
    r["pages_end"] = h.pages()
    r["requests"] = n
    r["error"] = err
    r["unimplemented"] = sorted(h.unimplemented)
    return r


WORKLOADS = ["pass", "headers", "shared", "log", "body1k", "quickstart"]


def fmt(x):
    return "{:,}".format(int(x)) if x == int(x) else "{:,.1f}".format(x)


def read_budget(path):
    """Workloads not yet at the target: workload -> (fuel, entries, hostcalls)
    that this SDK must not exceed (a ratchet; bench/fuel/README.md)."""
    out = {}
    for line in open(path):
        f = line.split("#")[0].split()
        if f:
            out[f[0]] = (float(f[1]), float(f[2]), float(f[3]))
    return out


def gate(res, budget=None):
    """sdk - floor <= 20 x (entries + hostcalls), same crossings, no growth;
    a workload in the budget may miss the target but not exceed its budget.
    Returns (failures, notes)."""
    bad, notes = [], []
    for w in WORKLOADS:
        if budget and w in budget and res.get(("sdk", w)):
            s = res[("sdk", w)]
            b = budget[w]
            target = gate_one(w, res)
            if not target:
                notes.append("%s meets the target: take it out of the budget" % w)
            elif s["fuel"] <= b[0] and s["entries"] <= b[1] and s["hostcalls"] <= b[2] and \
                    not s["error"] and s["pages_end"] == s["pages_warm"] and \
                    res.get(("floor", w)) and not res[("floor", w)]["error"]:
                notes.append("%s behind the target, within its budget (%s fuel, %s/%s): %s" %
                             (w, fmt(b[0]), fmt(b[1]), fmt(b[2]), "; ".join(target)))
                continue
            else:
                bad.append("%s over its budget of %s fuel, %s/%s" % (w, fmt(b[0]), fmt(b[1]),
                                                                   fmt(b[2])))
        bad.extend(gate_one(w, res))
    return bad, notes


def gate_one(w, res):
    bad = []
    f, s = res.get(("floor", w)), res.get(("sdk", w))
    if not f or not s:
        return ["%s: a contender is missing" % w]
    for c, r in (("floor", f), ("sdk", s)):
        if r["error"]:
            bad.append("%s %s: %s" % (w, c, r["error"]))
        if r["pages_end"] != r["pages_warm"]:
            bad.append("%s %s: memory grew from %d to %d pages" %
                       (w, c, r["pages_warm"], r["pages_end"]))
    if (s["entries"], s["hostcalls"]) != (f["entries"], f["hostcalls"]):
        bad.append("%s: sdk makes %s entries / %s hostcalls, the floor %s / %s" %
                   (w, fmt(s["entries"]), fmt(s["hostcalls"]),
                    fmt(f["entries"]), fmt(f["hostcalls"])))
    allowed = GATE_PER_CROSSING * (f["entries"] + f["hostcalls"])
    if s["fuel"] - f["fuel"] > allowed:
        bad.append("%s: sdk %s - floor %s = %s fuel > %s allowed" %
                   (w, fmt(s["fuel"]), fmt(f["fuel"]), fmt(s["fuel"] - f["fuel"]),
                    fmt(allowed)))
    return bad


def table(res, contenders):
    names = {"floor": "floor", "sdk": "this SDK", "go": "Go SDK", "rust": "Rust SDK"}
    out = ["| workload | " + " | ".join(names[c] for c in contenders) +
           " | VM entries / hostcalls per request (" + ", ".join(names[c] for c in contenders) +
           ") | memory pages after warm-up → %d requests (%s) |" %
           (LEAK_N, ", ".join(names[c] for c in contenders)),
           "|---|" + "---:|" * len(contenders) + "---|---|"]
    for w in WORKLOADS:
        row, cross, mem = [], [], []
        for c in contenders:
            r = res.get((c, w))
            if r is None:
                row.append("–")
                cross.append("–")
                mem.append("–")
                continue
            row.append(fmt(r["fuel"]) + (" ✗" if r["error"] else ""))
            cross.append("%s/%s" % (fmt(r["entries"]), fmt(r["hostcalls"])))
            mem.append("%d→%d" % (r["pages_warm"], r["pages_end"]))
        out.append("| %s | %s | %s | %s |" % (w, " | ".join(row), " · ".join(cross),
                                              " · ".join(mem)))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gate", action="store_true")
    ap.add_argument("--md")
    ap.add_argument("--contenders", default="floor,sdk,go,rust")
    ap.add_argument("--profile", action="append", default=[])
    ap.add_argument("--budget", help="workloads allowed to miss the target (a ratchet)")
    a = ap.parse_args()
    contenders = a.contenders.split(",")
    res = {}
    for c in contenders:
        for w in WORKLOADS:
            r = measure(c, w)
            if r is not None:
                res[(c, w)] = r
        if not any(k[0] == c for k in res) and c in ("go", "rust"):
            why = os.path.join(B, "bench", c + ".unavailable")
            print("run.py: %s skipped: %s" % (c, open(why).read().strip() if os.path.exists(why)
                                              else "build/bench/%s.wasm was not built" % c))
    shown = [c for c in contenders if any(k[0] == c for k in res)]
    t = table(res, shown)
    print(t)
    for (c, w), r in sorted(res.items()):
        if r["error"]:
            print("run.py: %s %s: %s" % (c, w, r["error"]))
        if r["fuel_min"] != r["fuel_max"]:
            print("run.py: %s %s: fuel per request varies %s..%s (mean shown)" %
                  (c, w, fmt(r["fuel_min"]), fmt(r["fuel_max"])))
        if r["unimplemented"] and c in ("floor", "sdk"):
            print("run.py: %s %s imports hostcalls this host lacks: %s" %
                  (c, w, " ".join(r["unimplemented"])))
    if a.md:
        with open(a.md, "w") as f:
            f.write(t + "\n")
    for spec in a.profile:
        import profile
        w, c = spec.split(":")
        path, config = wasm_of(c, w)
        print(profile.report(engine(), path, config, lambda h: h.request(*req_for(w), RESP, b"ok\n"),
                             WARM))
    if a.gate:
        bad, notes = gate(res, read_budget(a.budget) if a.budget else None)
        for n in notes:
            print("gate: note: " + n)
        for b in bad:
            print("gate: FAIL " + b)
        if bad:
            return 1
        print("gate: ok (%d workloads: sdk - floor <= %d x (VM entries + hostcalls), same "
              "entries and hostcalls, no memory growth; %d within the budget instead)" %
              (len(WORKLOADS), GATE_PER_CROSSING, sum("within its budget" in n for n in notes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
