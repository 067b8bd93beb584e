-- POST /v1/internal/api-keys/verify with a random key from a file of plaintexts, as a caller with a bearer token.
--   wrk -s verify-with-token.lua URL -- KEYS_FILE TOKEN_FILE
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local keys
local authorization
function init(args)
  keys = read_lines(args[1])
  authorization = "Bearer " .. read_lines(args[2])[1]
  seed_random()
end

function request()
  local body = '{"key":"' .. keys[math.random(#keys)] .. '"}'
  return wrk.format("POST", "/v1/internal/api-keys/verify", { ["Content-Type"] = "application/json", ["Authorization"] = authorization }, body)
end
