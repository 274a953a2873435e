-- Create stores a new campaign record unless one exists under the id.
--
-- KEYS: 1 the campaign hash
-- ARGV: 1 JSON of the campaign's fixed part, 2 status, 3 author
--
-- Replies 1 when it created the record, 0 when it was there already.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'st', ARGV[2], 'au', ARGV[3],
  'total', 0, 'sent', 0, 'blocked', 0, 'failed', 0, 'cancelled', 0)
return 1
