-- wrk script: GET one of several paths (one per line in the file $PATHS, e.g. list pages
-- with different filters or hourly statistics of different days), chosen at random per
-- request, with the bot key.
-- usage: KEY=tk_... PATHS=/tmp/paths.txt wrk -t2 -c4 -d8s -s bench/queries.lua http://localhost:8080
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
wrk.headers["x-api-key"] = os.getenv("KEY")

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

done = dofile((os.getenv("BENCH_DIR") or "bench") .. "/wrk-report.lua")
