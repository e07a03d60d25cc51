-- wrk script for bench/crawl.py: every request asks for a path nobody asked for before.
--   wrk ... -s bench/crawl.lua URL -- PATHS_FILE THREADS OFFSET
-- Thread i of THREADS walks lines OFFSET+i, OFFSET+i+THREADS, ... of PATHS_FILE (one path a
-- line, shuffled by the caller), so no two requests of a run share a path until the file runs
-- out. done() prints one JSON line for the caller, with the responses nginx answered from its
-- cache (X-Cache-Status HIT, STALE, UPDATING): a crawl is meant to have none.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      paths[#paths + 1] = line
   end
   step = tonumber(args[2])
   position = tonumber(args[3]) + id
   cached, failed = 0, 0
end

function request()
   local path = paths[position % #paths + 1]
   position = position + step
   return wrk.format("GET", path)
end

function response(status, headers, body)
   local cache = headers["X-Cache-Status"]
   if cache == "HIT" or cache == "STALE" or cache == "UPDATING" then
      cached = cached + 1
   end
   if status ~= 200 then
      failed = failed + 1
   end
end

function done(summary, latency, requests)
   local cached_total, failed_total = 0, 0
   for _, thread in ipairs(threads) do
      cached_total = cached_total + thread:get("cached")
      failed_total = failed_total + thread:get("failed")
   end
   io.write(string.format(
      '{"requests": %d, "seconds": %.6f, "p50_ms": %.3f, "p99_ms": %.3f, "cached": %d, ' ..
      '"failed": %d, "socket_errors": %d}\n',
      summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
      latency:percentile(99) / 1e3, cached_total, failed_total,
      summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout))
end
