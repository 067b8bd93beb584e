-- POST /v1/internal/api-keys/verify with a random key from a file of plaintexts (one per line).
--   wrk -s verify.lua URL -- KEYS_FILE
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local keys
function init(args)
  keys = read_lines(args[1])
  seed_random()
end

function request()
  local body = '{"key":"' .. keys[math.random(#keys)] .. '"}'
  return wrk.format("POST", "/v1/internal/api-keys/verify", { ["Content-Type"] = "application/json" }, body)
end
