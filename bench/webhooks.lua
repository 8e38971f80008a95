-- wrk script: POST signed WhatsApp Cloud status webhooks (API.md §8) from a file written by
-- bench/WebhookBodies.java (one "sha256=<hex>\t<body>" per line). Each wrk thread takes
-- every Nth line, so threads never send the same status; past the end a thread starts again
-- (the statuses are then duplicates, which change nothing but are still verified and applied).
-- usage: BODIES=/tmp/bodies.txt THREADS=2 wrk -t2 -c64 -d10s -s bench/webhooks.lua \
--          'http://localhost:8080/webhooks/whatsapp/BOT'
-- wrk calls init() right after each thread's setup(), before the next thread exists, so the
-- thread count comes from $THREADS (pass the same number as -t).
local nthreads = tonumber(os.getenv("THREADS") or "2")
local created = 0

function setup(thread)
  thread:set("index", created)
  created = created + 1
end

local lines
local position = 0

function init(args)
  lines = {}
  local n = 0
  for line in io.lines(os.getenv("BODIES")) do
    if n % nthreads == index then
      local tab = line:find("\t", 1, true)
      lines[#lines + 1] = { line:sub(1, tab - 1), line:sub(tab + 1) }
    end
    n = n + 1
  end
end

function request()
  position = position % #lines + 1
  local entry = lines[position]
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = entry[1] },
    entry[2])
end

done = dofile((os.getenv("BENCH_DIR") or "bench") .. "/wrk-report.lua")
