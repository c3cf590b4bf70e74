-- The sliding log of chartgate-core (SlidingLog::check), atomically.
--
-- KEYS[1]  the key's log: a ZSET of accepted requests, scored by their time
--          in microseconds; each member is "<time>:<random>", so that equal
--          times stay distinct and the time can be read back exactly.
-- KEYS[2]  optional: the key's pause, a string holding the time (µs) it
--          ends (set by pause.lua); while it lies after now, the request is
--          refused and nothing else is read or written.
-- ARGV[1]  now, in microseconds (the caller's clock, not Redis TIME)
-- ARGV[2]  the cutoff: times <= now - window have left the window
-- ARGV[3]  the limit
-- ARGV[4]  "1" to count an accepted request, "0" to peek
-- ARGV[5]  the member to add when counting
-- ARGV[6]  the key's time to live, in milliseconds
--
-- Returns {allowed (0/1), held, member, pause}: held counts this request (a
-- peek counts the request it asks about), and member is the accepted
-- request that must leave the window first for one more to fit, when the
-- window is full and there is one; the caller reads its time from the
-- member. pause is the pause's end as stored when the key is paused (then
-- the other figures are 0, 0, ''), else ''.
--
-- Times travel as the caller's strings and come back inside members, never
-- through Lua's number formatting: `tostring` and `..` print a 16-digit
-- time as "1.8e+15", losing its microseconds.

local key = KEYS[1]
local limit = tonumber(ARGV[3])
local consume = ARGV[4] == '1'

-- Times are below 2^53 µs, so tonumber compares them exactly.
if KEYS[2] then
  local pause = redis.call('GET', KEYS[2])
  if pause and tonumber(pause) > tonumber(ARGV[1]) then
    return {0, 0, '', pause}
  end
end

redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[2])
local held = redis.call('ZCARD', key)
local allowed = held < limit
if allowed then
  held = held + 1
  if consume then
    redis.call('ZADD', key, ARGV[1], ARGV[5])
    redis.call('PEXPIRE', key, ARGV[6])
  end
end

local member = ''
if held >= limit then
  local first = redis.call('ZRANGE', key, held - limit, held - limit)
  if first[1] then
    member = first[1]
  end
end
return {allowed and 1 or 0, held, member, ''}
