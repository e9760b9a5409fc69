-- request.lua - the benchmark request, for wrk -s. Every request carries
-- the two headers the header workload reads; BENCH_BODY=<bytes> makes it a
-- POST with a lower-case text body of that size (the body workload
-- upper-cases it). done() prints one machine-readable line for bench/run.sh.
wrk.method = "GET"
wrk.headers["x-bench-a"] = "alpha"
wrk.headers["x-bench-b"] = "beta"
local size = tonumber(os.getenv("BENCH_BODY") or "0")
if size > 0 then
  wrk.method = "POST"
  wrk.headers["content-type"] = "text/plain"
  wrk.body = string.rep("abcdefghijklmnop", math.ceil(size / 16)):sub(1, size)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d errors=%d mean_us=%.2f p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(99)))
end
