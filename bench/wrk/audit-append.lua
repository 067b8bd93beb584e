-- POST /v1/audit: an event of a random tenant, shaped like the seeded ones (bench/pgbench/audit-append.sql inserts the same).
--   wrk -s audit-append.lua URL -- TENANTS_FILE
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local tenants
function init(args)
  tenants = read_lines(args[1])
  seed_random()
end

function request()
  local i = math.random(1000000)
  local body = string.format(
    '{"tenant_id":"%s","actor_id":"user-%d","actor_name":"Bench User","actor_type":"user","action":"bench.appended",'
      .. '"target_id":"target-%d","target_type":"thing","product":"compliance-scanner","metadata":{"n":%d,"note":"bench"}}',
    tenants[math.random(#tenants)], i, i, i)
  return wrk.format("POST", "/v1/audit", { ["Content-Type"] = "application/json", ["User-Agent"] = "wrk" }, body)
end
