-- Limit reserves one send under every window it is given, or says how long
-- to wait. Windows slide over Redis' own clock (TIME), shared by every bot
-- process; a reservation is a sorted-set member scored by its time in
-- microseconds (written with %.0f: Lua prints numbers with 14 digits). While the pause key exists (a 429 was answered) nothing is
-- reserved.
--
-- KEYS: 1 pause key, 2.. one sorted set per window (global, chat, group)
-- ARGV: 1 unique member, then per window: most sends, window (µs)
--
-- Replies {0, 0} when reserved, else {wait in µs, index of the key that
-- made it wait: 1 the pause, 2.. a window}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local p = redis.call('PTTL', KEYS[1])
if p > 0 then
  return { p * 1000, 1 }
end
local wait, which = 0, 0
for i = 2, #KEYS do
  local most, window = tonumber(ARGV[2 * i - 2]), tonumber(ARGV[2 * i - 1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', string.format('%.0f', now - window))
  local n = redis.call('ZCARD', KEYS[i])
  if n >= most then
    local e = redis.call('ZRANGE', KEYS[i], n - most, n - most, 'WITHSCORES')
    local w = tonumber(e[2]) + window - now + 1
    if w > wait then
      wait, which = w, i
    end
  end
end
if wait > 0 then
  return { wait, which }
end
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], string.format('%.0f', now), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], math.ceil(tonumber(ARGV[2 * i - 1]) / 1000) + 1000)
end
return { 0, 0 }
