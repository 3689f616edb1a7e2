-- wrk script for the sign-up POST: every request comes from another volunteer.
-- The data file (written by bench/run.py) has one tab-separated line per request:
--   <path> <TAB> <Cookie header> <TAB> <url-encoded form body>
-- Run with one thread (-t1) so that no two requests share a line:
--   wrk -t1 -c10 -d8s -s bench/signup.lua http://127.0.0.1:8765 -- /path/to/rows.tsv

local rows = {}
local next_row = 0
local exhausted = 0

init = function(args)
  for line in io.lines(args[1]) do
    local path, cookie, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    if path then
      rows[#rows + 1] = wrk.format("POST", path, {
        ["Cookie"] = cookie,
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }, body)
    end
  end
end

request = function()
  next_row = next_row + 1
  if next_row > #rows then
    -- out of distinct volunteers: repeat (the portal must refuse a double sign-up)
    exhausted = exhausted + 1
    next_row = 1
  end
  return rows[next_row]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"socket_errors": %d, "http_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
