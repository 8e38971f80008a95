-- wrk script: POST a templated WhatsApp push to the demo bot.
-- usage: KEY=tk_... wrk -t2 -c64 -d15s -s bench/push.lua 'http://localhost:8080/api/engagements/notifications/v2/push?bot=demo'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = os.getenv("KEY")
local counter = 0
request = function()
  counter = counter + 1
  local number = string.format("91987654%04d", counter % 10000)
  local body = '{"userDetails":{"number":"' .. number .. '"},"notification":{"type":"whatsapp",' ..
    '"templateId":"demo_welcome","params":{"1":"Asha","2":"A-' .. counter .. '"}}}'
  return wrk.format(nil, nil, nil, body)
end
