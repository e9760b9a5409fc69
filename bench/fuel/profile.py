"""profile.py - where one request's fuel goes, per function (bench/fuel).

Deterministic: the module is rewritten (wasm2wat, wat2wasm from wabt) so
that every defined function calls prof.enter(id) on entry and prof.exit(id)
before every return and at its end; the host reads the fuel at each event
and charges the fuel since the previous event to the function on top of the
stack. The two calls an event adds are measured (instrumented total minus
the plain module's total, per event) and taken out again, so the figures
add up to the plain module's fuel per request. C modules only (their
function names are plain identifiers).
"""
import os
import re
import subprocess
import tempfile

import wasmtime

from host import Host

FUNC = re.compile(r"^  \(func (\$[^\s()]+)")


def instrument(path):
    """Returns (instrumented wasm bytes, function names by id)."""
    wat = subprocess.run(["wasm2wat", "--generate-names", path], check=True,
                         capture_output=True, text=True).stdout.split("\n")
    out, names, imported = [], [], False
    i = 0
    while i < len(wat):
        line = wat[i]
        if not imported and line.startswith("  (func"):
            out.append('  (import "prof" "enter" (func $__prof_enter (param i32)))')
            out.append('  (import "prof" "exit" (func $__prof_exit (param i32)))')
            imported = True
        m = FUNC.match(line)
        if not m or line.rstrip().endswith("))") and "(local" not in line and line.count("(") == line.count(")"):
            out.append(line)
            i += 1
            continue
        fid = len(names)
        names.append(m.group(1)[1:])
        enter = ["    i32.const %d" % fid, "    call $__prof_enter"]
        leave = ["    i32.const %d" % fid, "    call $__prof_exit"]
        out.append(line)
        i += 1
        while i < len(wat) and wat[i].lstrip().startswith("(local"):
            out.append(wat[i])
            i += 1
        out.extend(enter)
        body = []
        while i < len(wat) and not wat[i].startswith("  ("):
            body.append(wat[i])
            i += 1
        last = body.pop()
        for b in body:
            if b.strip() == "return":
                out.extend(leave)
            out.append(b)
        assert last.endswith(")"), last
        last = last[:-1]
        if last.strip() == "return":
            out.extend(leave)
        out.append(last)
        out.extend(leave)
        out[-1] += ")"
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "p.wat"), os.path.join(d, "p.wasm")
        with open(src, "w") as f:
            f.write("\n".join(out))
        subprocess.run(["wat2wasm", src, "-o", dst], check=True)
        with open(dst, "rb") as f:
            return f.read(), names


class Profile:
    def __init__(self, names):
        self.names = names
        self.host = None
        self.stack = []
        self.last = 0
        self.self_fuel = {}
        self.calls = {}
        self.events = 0
        self.events_in = {}

    def _charge(self):
        now = self.host.fuel()
        top = self.stack[-1] if self.stack else -1
        self.self_fuel[top] = self.self_fuel.get(top, 0) + now - self.last
        self.last = now

    def enter(self, fid):
        self._charge()
        self.stack.append(fid)
        self.calls[fid] = self.calls.get(fid, 0) + 1
        self.events += 1
        self.events_in[fid] = self.events_in.get(fid, 0) + 1

    def exit(self, fid):
        self._charge()
        if self.stack and self.stack[-1] == fid:
            self.stack.pop()
        self.events += 1
        self.events_in[fid] = self.events_in.get(fid, 0) + 1

    def reset(self):
        self.self_fuel, self.calls, self.events, self.events_in = {}, {}, 0, {}
        self.last = self.host.fuel()


def report(engine, path, config, one_request, warm):
    """Per-function fuel of one steady-state request, as a text table."""
    plain = Host(engine, wasmtime.Module.from_file(engine, path), config)
    plain.start()
    for _ in range(warm):
        one_request(plain)
    f0 = plain.fuel()
    one_request(plain)
    total = plain.fuel() - f0

    code, names = instrument(path)
    prof = Profile(names)
    h = Host(engine, wasmtime.Module(engine, code), config, profile=prof)
    prof.host = h
    h.start()
    for _ in range(warm):
        one_request(h)
    prof.reset()
    f0 = h.fuel()
    one_request(h)
    prof._charge()
    inst_total = h.fuel() - f0
    per_event = (inst_total - total) / prof.events if prof.events else 0
    rows = []
    for fid, fuel in prof.self_fuel.items():
        if fid < 0:
            continue
        own = fuel - per_event * prof.events_in.get(fid, 0)
        rows.append((own, names[fid], prof.calls.get(fid, 0)))
    rows.sort(key=lambda r: (-r[0], r[1]))
    out = ["profile of %s (one request, %d fuel; the instrumentation's %.1f fuel per event "
           "taken out):" % (os.path.relpath(path), total, per_event),
           "  %8s  %5s  %s" % ("self", "calls", "function")]
    for own, name, calls in rows:
        if own or calls:
            out.append("  %8.0f  %5d  %s" % (own, calls, name))
    return "\n".join(out)
