-- Limit books one send to a chat under every window it is given. Windows
-- slide over Redis' own clock (TIME), shared by every bot process; a
-- booking is a sorted-set member scored by its time in microseconds
-- (written with %.0f: Lua prints numbers with 14 digits).
--
-- The chat's own windows must allow a send now. The global window may be
-- full: then the send is booked for the moment the window allows it, up to
-- ahead from now, and the caller sleeps until then. Booking the future slot
-- in the same call that finds it keeps the pace exact: a caller that slept
-- and asked again would lose its wake-up delay and a round trip on every
-- slot. Bookings of the global window are therefore in time order. While
-- the pause key exists (a 429 was answered) nothing is booked.
--
-- KEYS: 1 pause key, 2 global window, 3.. the chat's windows (chat, group)
-- ARGV: 1 unique member, 2 ahead (µs), then per window: most sends,
--       window (µs)
--
-- Replies {wait in µs, why}: why 0 means booked (send after wait); else
-- nothing was booked and why names what to wait for: 1 the pause, 2 the
-- global window (the slot lies beyond ahead), 3.. a window of the chat.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local p = redis.call('PTTL', KEYS[1])
if p > 0 then
  return { p * 1000, 1 }
end
local function window(i)
  return tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
end
-- earliest is when key i allows one more send, judged over every booking.
local function earliest(i)
  local most, w = window(i)
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', string.format('%.0f', now - w))
  local n = redis.call('ZCARD', KEYS[i])
  if n < most then
    return now
  end
  local e = redis.call('ZRANGE', KEYS[i], n - most, n - most, 'WITHSCORES')
  return math.max(now, tonumber(e[2]) + w + 1)
end
local wait, why = 0, 0
for i = 3, #KEYS do
  local w = earliest(i) - now
  if w > wait then
    wait, why = w, i
  end
end
if wait > 0 then
  return { wait, why }
end
local at = earliest(2)
if at - now > tonumber(ARGV[2]) then
  return { at - now, 2 }
end
for i = 2, #KEYS do
  local _, w = window(i)
  redis.call('ZADD', KEYS[i], string.format('%.0f', at), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], math.ceil((at - now + w) / 1000) + 1000)
end
return { at - now, 0 }
