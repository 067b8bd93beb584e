-- POST /v1/api-keys for a random tenant.
--   wrk -s api-key-create.lua URL -- TENANTS_FILE
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local tenants
function init(args)
  tenants = read_lines(args[1])
  seed_random()
end

function request()
  local body = string.format('{"tenant_id":"%s","name":"bench key","scopes":["read"],"created_by":"bench"}',
    tenants[math.random(#tenants)])
  return wrk.format("POST", "/v1/api-keys", { ["Content-Type"] = "application/json" }, body)
end
