-- Shared wrk `done` for the bench scripts: one machine-readable line that bench/run.sh
-- parses (wrk --latency prints 50/75/90/99 only; p95 comes from here). `ok` counts
-- responses below 400 (wrk's own error count is status > 399), per second of the run.
return function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local ok = summary.requests - e.status
  io.write(string.format(
    "BENCH requests=%d ok=%d non2xx=%d socket_errors=%d duration_s=%.3f ok_per_s=%.1f " ..
    "p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, ok, e.status, e.connect + e.read + e.write + e.timeout, seconds, ok / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
