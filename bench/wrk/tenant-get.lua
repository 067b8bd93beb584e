-- GET a path naming a random tenant from a file of tenant ids, e.g. /v1/tenants/%s or /v1/entitlements?tenant_id=%s.
--   wrk -s tenant-get.lua URL -- PATH_FORMAT TENANTS_FILE [TOKEN_FILE]
-- With a TOKEN_FILE, every request carries its first line as a bearer token.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local path_format, tenants
local headers = {}
function init(args)
  path_format = args[1]
  tenants = read_lines(args[2])
  if args[3] then
    headers["Authorization"] = "Bearer " .. read_lines(args[3])[1]
  end
  seed_random()
end

function request()
  return wrk.format("GET", string.format(path_format, tenants[math.random(#tenants)]), headers)
end
