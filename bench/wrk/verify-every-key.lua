-- Verifies every key of the file once, the threads taking turns; each thread then stops and leaves a file
-- DONE_DIR/thread-N, so that bench/lib/load.sh can end wrk (SIGINT, wrk then reports) once all are through.
-- Fills the service's verdict cache before the verify scenarios, as a service that has run a while has it.
--   wrk -t THREADS -s verify-every-key.lua URL -- KEYS_FILE THREADS DONE_DIR [TOKEN_FILE]
-- With a TOKEN_FILE, every request carries its first line as a bearer token.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local keys, next_key, stride, done_dir
local headers = { ["Content-Type"] = "application/json" }
function init(args)
  keys = read_lines(args[1])
  stride = tonumber(args[2])
  done_dir = args[3]
  if args[4] then
    headers["Authorization"] = "Bearer " .. read_lines(args[4])[1]
  end
  next_key = thread_number
end

function request()
  local key = keys[math.min(next_key, #keys)]
  next_key = next_key + stride
  return wrk.format("POST", "/v1/internal/api-keys/verify", headers, '{"key":"' .. key .. '"}')
end

function response()
  if next_key > #keys then
    io.open(done_dir .. "/thread-" .. thread_number, "w"):close()
    wrk.thread:stop()
  end
end
