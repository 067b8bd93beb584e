-- POST /v1/audit: an event of a random tenant, shaped like the seeded ones (bench/pgbench/audit-append.sql inserts the same).
--   wrk -s audit-append.lua URL -- TENANTS_FILE [idempotent]
-- With "idempotent", every request carries an Idempotency-Key of its own, as a client that retries safely sends it:
-- each one is a first request, so the figure is the cost of recording answers (docs/idempotency.md).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local tenants
local idempotent
local sent = 0
function init(args)
  tenants = read_lines(args[1])
  idempotent = args[2] == "idempotent"
  seed_random()
end

function request()
  local i = math.random(1000000)
  local body = string.format(
    '{"tenant_id":"%s","actor_id":"user-%d","actor_name":"Bench User","actor_type":"user","action":"bench.appended",'
      .. '"target_id":"target-%d","target_type":"thing","product":"compliance-scanner","metadata":{"n":%d,"note":"bench"}}',
    tenants[math.random(#tenants)], i, i, i)
  local headers = { ["Content-Type"] = "application/json", ["User-Agent"] = "wrk" }
  if idempotent then
    sent = sent + 1
    headers["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", os.time(), thread_number, sent, math.random(1000000000))
  end
  return wrk.format("POST", "/v1/audit", headers, body)
end
