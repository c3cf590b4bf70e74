-- A pause of a key (Limiter::pause): its end, kept only when later than
-- the one stored, so a pause never shortens one in force.
--
-- KEYS[1]  the pause: a string holding the time (µs) it ends
-- ARGV[1]  the new end, in microseconds (the caller's clock)
-- ARGV[2]  the key's time to live, in milliseconds (past the end)
--
-- Returns 1 when the new end was stored, 0 when a later one stands.
-- Times are below 2^53 µs, so tonumber compares them exactly.

local stored = redis.call('GET', KEYS[1])
if stored and tonumber(stored) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
