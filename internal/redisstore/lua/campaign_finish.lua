-- Finish marks a campaign finished once every recipient was handled: a
-- running one when it was fully expanded, a cancelled one once its sends
-- in flight ended (a lease that ran out counts the recipient cancelled).
-- It replies 1 to exactly one caller, which sends the final report; the
-- per-recipient keys then expire after keep.
--
-- KEYS: 1 campaign hash, 2 ledger, 3 stream, 4 attempts hash
-- ARGV: 1 now (unix ms), 2 keep (ms)
local h = redis.call('HMGET', KEYS[1], 'st', 'exp', 'total', 'sent', 'blocked', 'failed', 'cancelled', 'skipped', 'fin')
if h[9] then
  return 0
end
local rem = tonumber(h[3] or 0)
for i = 4, 8 do
  rem = rem - tonumber(h[i] or 0)
end
if h[1] == 'running' then
  if h[2] ~= '1' or rem > 0 then
    return 0
  end
  redis.call('HSET', KEYS[1], 'st', 'done')
elseif h[1] == 'cancelled' then
  if rem > 0 then
    local now = now_ms()
    local all, n = redis.call('HGETALL', KEYS[2]), 0
    for i = 1, #all, 2 do
      local v = all[i + 1]
      if in_flight(v) and lease_over(v, now) then
        redis.call('HSET', KEYS[2], all[i], 'x')
        n = n + 1
      end
    end
    if n > 0 then
      redis.call('HINCRBY', KEYS[1], 'cancelled', n)
    end
    if rem > n then
      return 0
    end
  end
else
  return 0
end
redis.call('HSET', KEYS[1], 'fi', ARGV[1], 'fin', 1)
for i = 2, 4 do
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 1
