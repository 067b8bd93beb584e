-- GET a path naming a random tenant from a file of tenant ids, e.g. /v1/tenants/%s or /v1/entitlements?tenant_id=%s.
--   wrk -s tenant-get.lua URL -- PATH_FORMAT TENANTS_FILE
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local path_format, tenants
function init(args)
  path_format = args[1]
  tenants = read_lines(args[2])
  seed_random()
end

function request()
  return wrk.format("GET", string.format(path_format, tenants[math.random(#tenants)]))
end
