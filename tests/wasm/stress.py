#!/usr/bin/env python3
"""stress.py - runs the allocator stress module (tests/wasm/stress.c) in
wasmtime: every seed in a fresh instance, for each order of first use.

  stress.py [--seeds N] [--hooks N] MODULE.wasm [--no-malloc MODULE.wasm]

MODULE links libc's malloc; the --no-malloc module must not contain it (a
plugin that never calls malloc carries no allocator). Imports are stubbed:
each returns 0. Prints one line per module and order, and exits non-zero
on any failure or trap.
"""
import argparse
import sys

import wasmtime

ORDERS = {0: "random", 1: "64 KiB body first, malloc later", 2: "large pool block first",
          3: "large context memory first", 4: "malloc first, then a 64 KiB body"}


def stub(store, ty):
    results = list(ty.results)

    def fn(*_args):
        if not results:
            return None
        return 0 if len(results) == 1 else [0] * len(results)
    return wasmtime.Func(store, ty, fn)


def run(engine, module, seed, hooks, order):
    store = wasmtime.Store(engine)
    imports = [stub(store, imp.type) for imp in module.imports]
    inst = wasmtime.Instance(store, module, imports)
    exports = inst.exports(store)
    exports["_initialize"](store)
    return exports["stress"](store, seed, hooks, order)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("module")
    ap.add_argument("--no-malloc", dest="nomalloc")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--hooks", type=int, default=60)
    a = ap.parse_args()
    engine = wasmtime.Engine()
    bad = 0
    for path, malloc in ((a.module, True), (a.nomalloc, False)):
        if path is None:
            continue
        module = wasmtime.Module.from_file(engine, path)
        with open(path, "rb") as f:
            data = f.read()
        linked = b"dlmalloc" in data or b"sbrk" in data  # names kept by the build
        if linked != malloc:
            print(f"FAIL: {path}: libc malloc {'missing' if malloc else 'linked'}")
            bad += 1
        for order, what in ORDERS.items():
            fails = traps = 0
            for seed in range(1, a.seeds + 1):
                try:
                    n = run(engine, module, seed, a.hooks, order)
                except wasmtime.Trap as e:
                    n, traps = 1, traps + 1
                    why = [l for l in str(e).splitlines() if "trap" in l.lower()]
                    print(f"  seed {seed}: {(why or ['trap'])[-1].strip()}")
                if n:
                    fails += 1
                    if fails <= 3:
                        print(f"  seed {seed}: {n} failures")
            status = "ok" if fails == 0 else "FAIL"
            print(f"{status}: {path}: {what}: {a.seeds - fails}/{a.seeds} seeds clean"
                  f"{f', {traps} traps' if traps else ''}")
            bad += fails
    print(f"wasm-stress: {'ok' if bad == 0 else f'{bad} failures'}")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
