-- Visit stores a visit request once; a retry gets the stored one back.
--
-- KEYS: 1 visit record, 2 the point's visit list, 3 owner's index
-- ARGV: 1 JSON, 2 expires (unix ms), 3 created (unix ms), 4 id,
--       5 index entry
--
-- Replies "ok:" and the JSON written now, or "re:" and the JSON stored
-- first when the request was seen before.
local prev = redis.call('GET', KEYS[1])
if prev then
  return 're:' .. prev
end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
extend(KEYS[2], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[5], 1)
extend(KEYS[3], ARGV[2])
return 'ok:' .. ARGV[1]
