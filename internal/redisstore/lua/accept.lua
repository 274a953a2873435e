-- Accept replaces a visit record if it still holds what Go read, keeping
-- its expiry.
--
-- KEYS: 1 visit record
-- ARGV: 1 JSON Go read, 2 new JSON
--
-- Replies 1, or 0 when the record changed or is gone.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
