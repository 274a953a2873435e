-- VisitChange replaces a visit record if it still holds what Go read,
-- keeping its expiry; a request that is no longer open (declined or
-- cancelled) leaves its point's list, so staff no longer see it.
--
-- KEYS: 1 visit record, 2 the point's visit list
-- ARGV: 1 JSON Go read, 2 new JSON, 3 id, 4 "1" to take it off the list
--
-- Replies 1, or 0 when the record changed or is gone.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
if ARGV[4] == '1' then
  redis.call('ZREM', KEYS[2], ARGV[3])
end
return 1
