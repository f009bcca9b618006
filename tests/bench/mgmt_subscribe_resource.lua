-- wrk script: CMR-1 SubscribeResource with a unique (subscriber, resource)
-- pair per request, so none is answered 10011. Subscribers
-- 4980<run><thread><0000-0999> and resources bench-0 .. bench-199 are created
-- by run_mgmt_bench.sh; RUN (1-9) keeps the runs apart.
local run = tonumber(os.getenv("RUN") or "1")
local next_tid = 0
counter = 0
errors = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

function request()
  local sub = string.format("4980%d%d%04d", run, tid, counter % 1000)
  local res = "bench-" .. math.floor(counter / 1000)
  counter = counter + 1
  local body = '{"SubscriberId":"' .. sub .. '","ResourceId":"' .. res .. '"}'
  return wrk.format("POST", "/cmr/1/SubscribeResource",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer demo-portal"}, body)
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"StatusCode": 0', 1, true) then
    errors = errors + 1
    if errors < 3 then io.stderr:write("unexpected answer: " .. body .. "\n") end
  end
end
