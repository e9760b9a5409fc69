"""Inputs and expected values for tests/load/run.sh (all deterministic).

  inputs.py envoy TEMPLATE OUT    envoy.yaml with a 1 MiB pad in the filter's
                                  configuration; prints "config_bytes pad_bytes pad_fnv"
  inputs.py body OUT MiB          a random body; prints the sha256 of it XOR 0x5a
  inputs.py headers OUT N         N lines "x-h-NNNN: ..." for curl -H @OUT;
                                  prints the FNV-1a the plugin computes over them
  inputs.py binary OUT            a header line x-load-bin with bytes 0x80..0xff
  inputs.py same-binary DUMP      exit 0 if the curl -D DUMP has that value, byte for byte
  inputs.py deep OUT DEPTH        [[[...]]] nested DEPTH deep
"""
import hashlib
import random
import sys

PAD_BYTES = 1 << 20
BINARY = bytes(range(0x80, 0x100))


def fnv1a(h, data):
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


FNV_BASIS = 0xCBF29CE484222325


def envoy(template, out):
    pad = (b"0123456789abcdef" * (PAD_BYTES // 16)).decode()
    config = '{"role": "filter", "pad": "%s"}' % pad
    text = open(template).read()
    if "@FILTER_CONFIG@" not in text:
        sys.exit("no @FILTER_CONFIG@ in " + template)
    open(out, "w").write(text.replace("@FILTER_CONFIG@", config))
    print(len(config), len(pad), "%016x" % fnv1a(FNV_BASIS, pad.encode()))


def body(out, mib):
    data = random.Random(9).randbytes(int(mib) << 20)
    open(out, "wb").write(data)
    print(hashlib.sha256(bytes(b ^ 0x5A for b in data)).hexdigest())


def headers(out, n):
    h = FNV_BASIS
    with open(out, "wb") as f:
        for i in range(int(n)):
            name, value = b"x-h-%04d" % i, b"value-%04d-%s" % (i, b"z" * (i % 7))
            f.write(name + b": " + value + b"\n")
            h = fnv1a(fnv1a(h, name + b"\0"), value + b"\0")
    print("%016x" % h)


def binary(out):
    open(out, "wb").write(b"x-load-bin: " + BINARY + b"\n")


def same_binary(dump):
    values = [line.split(b":", 1)[1].strip(b" \t\r\n")
              for line in open(dump, "rb").read().split(b"\n")
              if line.lower().startswith(b"x-load-bin:")]
    if values != [BINARY]:
        sys.exit("x-load-bin came back as %r, want bytes 0x80..0xff" % values)


def deep(out, depth):
    depth = int(depth)
    open(out, "w").write("[" * depth + "]" * depth)


if __name__ == "__main__":
    commands = {"envoy": envoy, "body": body, "headers": headers, "binary": binary,
                "same-binary": same_binary, "deep": deep}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
