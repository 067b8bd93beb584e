-- POST /v1/internal/api-keys/verify with keys of the right shape (trk_ and 40 base62 characters) whose checksum
-- does not match: mistyped or made-up keys, which the service refuses without asking the store.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
local bodies = {}
function init(args)
  seed_random()
  for i = 1, 1000 do
    local chars = {}
    for c = 1, 40 do
      local at = math.random(62)
      chars[c] = base62:sub(at, at)
    end
    bodies[i] = '{"key":"trk_' .. table.concat(chars) .. '"}'
  end
end

function request()
  return wrk.format("POST", "/v1/internal/api-keys/verify", { ["Content-Type"] = "application/json" }, bodies[math.random(#bodies)])
end
