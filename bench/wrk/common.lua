-- What every load script shares; each loads it with dofile. Also the whole script of plain GET scenarios.

-- Reads a file into a list of its lines (keys, tenant ids).
function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    lines[#lines + 1] = line
  end
  assert(#lines > 0, path .. " is empty")
  return lines
end

-- Numbers each thread, so that scripts can seed their random numbers or split work by thread.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

-- Seeds math.random differently per thread and run, after setup has numbered the threads.
function seed_random()
  math.randomseed(os.time() * 100 + thread_number)
end

-- The run's figures as one JSON line, read by bench/lib/load.sh. wrk counts responses >= 400 as status errors.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.2f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"status_errors":%d,"socket_errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
