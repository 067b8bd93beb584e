-- verify.lua at a fixed pace: each connection waits DELAY_MS before each of its requests, so the rate is about
-- connections * 1000 / DELAY_MS requests/s while the service has headroom (bench/lib/load.sh, wrk_fixed_rate).
--   wrk -s verify-paced.lua URL -- KEYS_FILE DELAY_MS
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "verify.lua")

local verify_init = init
local pause
function init(args)
  verify_init(args)
  pause = tonumber(args[2])
end

function delay()
  return pause
end
