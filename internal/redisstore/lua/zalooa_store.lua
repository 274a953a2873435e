-- Zalo OA token store: saves a rotated pair as the next version only while
-- the caller's fence is the newest handed out, even if its lock has run
-- out, as long as nobody took the lock since. Storing the same record
-- again (a retry after a lost reply) returns the version it got.
--
-- KEYS: 1 tokens hash (d = record, v = version), 2 fence counter
-- ARGV: 1 fence, 2 record
-- Returns the new version, or 0 when a newer fence exists.
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 0
end
if redis.call('HGET', KEYS[1], 'd') == ARGV[2] and redis.call('HGET', KEYS[1], 'f') == ARGV[1] then
  return tonumber(redis.call('HGET', KEYS[1], 'v'))
end
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
redis.call('HSET', KEYS[1], 'd', ARGV[2], 'f', ARGV[1])
return v
