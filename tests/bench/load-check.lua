-- Mixed traffic for tests/bench/load-check.sh. Each connection walks the list below in turn (each thread from its
-- own starting point); every response is counted by status class, and done() prints one "key value" per line.
-- Addresses: literals in the documentation range and at loopback (refused by the network guard before any
-- connection), invalid syntax, and domains whose DNS goes to a port where nothing answers. Nothing leaves the machine.

local json = { ["Content-Type"] = "application/json" }
local text = { ["Content-Type"] = "text/plain" }

local requests_list = {
  { "GET", "/v1/verify?email=user%40%5B192.0.2.1%5D" },
  { "GET", "/v1/verify?email=postmaster%40%5B127.0.0.1%5D" },
  { "GET", "/v1/verify?email=not-an-address" },
  { "GET", "/v1/verify?email=a..b%40example.com" },
  { "GET", "/v1/verify?email=alice%40example.com" },
  { "GET", "/v1/verify?email=bob%40example.org&smtp=false" },
  { "POST", "/v1/verify/batch", json,
    '{"emails":["user@[192.0.2.1]","alice@example.com","bob@example.org","not-an-address","user@[192.0.2.1]","carol@[192.0.2.7]"],"smtp":true}' },
  { "GET", "/v1/smtp-codes/550" },
  { "GET", "/v1/smtp-codes/5.7.1" },
  { "POST", "/v1/bounces/classify", text, "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table" },
  { "POST", "/v1/bounces/classify", text, "452 4.2.2 The email account that you tried to reach is over quota" },
  { "GET", "/health/live" },
}

local built = {}
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("offset", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  for i, r in ipairs(requests_list) do
    built[i] = wrk.format(r[1], r[2], r[3], r[4])
  end
  index = (offset or 0) * 5
  s2xx, s3xx, s4xx, s5xx, s429 = 0, 0, 0, 0, 0
end

function request()
  index = index + 1
  return built[(index % #built) + 1]
end

function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status == 429 then s429 = s429 + 1; s4xx = s4xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
end

function done(summary, latency, requests)
  local c2, c3, c4, c5, c429 = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c2 = c2 + t:get("s2xx"); c3 = c3 + t:get("s3xx"); c4 = c4 + t:get("s4xx"); c5 = c5 + t:get("s5xx")
    c429 = c429 + t:get("s429")
  end
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("seconds %.1f\n", summary.duration / 1e6))
  io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_ms %.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms %.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("max_ms %.3f\n", latency.max / 1000))
  io.write(string.format("status_2xx %d\nstatus_3xx %d\nstatus_4xx %d\nstatus_5xx %d\n", c2, c3, c4, c5))
  io.write(string.format("status_429 %d\n", c429))
  io.write(string.format("non_2xx %d\n", e.status))
  io.write(string.format("socket_connect %d\nsocket_read %d\nsocket_write %d\nsocket_timeout %d\n", e.connect, e.read, e.write, e.timeout))
end
