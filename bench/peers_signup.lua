-- wrk script for the sign-up POST of `make bench-peers` (bench/peers.py): as
-- bench/signup.lua (one tab-separated line per request: <path> TAB <Cookie> TAB <body>,
-- every request from another volunteer), and the headers given with -H (ephios behind
-- "TLS": X-Forwarded-Proto and Origin) go with every request.
--   wrk -t1 -c10 -d8s -s bench/peers_signup.lua -H "Origin: …" http://127.0.0.1:8105 -- rows.tsv

local rows = {}
local next_row = 0
local exhausted = 0

init = function(args)
  for line in io.lines(args[1]) do
    local path, cookie, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    if path then
      local headers = {}
      for name, value in pairs(wrk.headers) do
        headers[name] = value
      end
      headers["Cookie"] = cookie
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      rows[#rows + 1] = wrk.format("POST", path, headers, body)
    end
  end
end

request = function()
  next_row = next_row + 1
  if next_row > #rows then
    -- out of distinct volunteers: repeat (both systems must refuse a double sign-up)
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
