-- Verifies every key of the file once, the threads taking turns; each thread then stops and leaves a file
-- DONE_DIR/thread-N, so that bench/lib/load.sh can end wrk (SIGINT, wrk then reports) once all are through.
-- Fills the service's verdict cache before the verify scenarios, as a service that has run a while has it.
--   wrk -t THREADS -s verify-every-key.lua URL -- KEYS_FILE THREADS DONE_DIR
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local keys, next_key, stride, done_dir
function init(args)
  keys = read_lines(args[1])
  stride = tonumber(args[2])
  done_dir = args[3]
  next_key = thread_number
end

function request()
  local key = keys[math.min(next_key, #keys)]
  next_key = next_key + stride
  return wrk.format("POST", "/v1/internal/api-keys/verify", { ["Content-Type"] = "application/json" }, '{"key":"' .. key .. '"}')
end

function response()
  if next_key > #keys then
    io.open(done_dir .. "/thread-" .. thread_number, "w"):close()
    wrk.thread:stop()
  end
end
