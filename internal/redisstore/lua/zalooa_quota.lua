-- Zalo OA broadcast quota: takes up to n from one period's quota.
--
-- KEYS: 1 the period's counter
-- ARGV: 1 n, 2 limit, 3 lifetime (ms)
-- Returns how many it took.
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local k = math.min(tonumber(ARGV[1]), tonumber(ARGV[2]) - used)
if k <= 0 then
  return 0
end
redis.call('INCRBY', KEYS[1], k)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return k
