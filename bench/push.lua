-- wrk script: POST a templated WhatsApp push (API.md §4).
-- usage: KEY=tk_... [TEMPLATE=demo_welcome] wrk -t2 -c64 -d15s -s bench/push.lua \
--          'http://localhost:8080/api/engagements/notifications/v2/push?bot=demo'
-- Recipients end in 0-3 and 5-9 (the simulator's outcomes, API.md §11) but never in 4: those
-- fail transiently twice and come back after the retry backoff, which would measure the
-- retry schedule (and, under a backlog, trips the simulator's circuit breaker).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = os.getenv("KEY")
local template = os.getenv("TEMPLATE") or "demo_welcome"
local digits = { "0", "1", "2", "3", "5", "6", "7", "8", "9" }
local counter = 0
request = function()
  counter = counter + 1
  local number = string.format("9198765%04d", counter % 10000) .. digits[counter % 9 + 1]
  local body = '{"userDetails":{"number":"' .. number .. '"},"notification":{"type":"whatsapp",' ..
    '"templateId":"' .. template .. '","params":{"1":"Asha","2":"A-' .. counter .. '"}}}'
  return wrk.format(nil, nil, nil, body)
end
done = dofile((os.getenv("BENCH_DIR") or "bench") .. "/wrk-report.lua")
