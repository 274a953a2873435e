-- Consent records a consent given, or, with no purpose, that the subject's
-- data was deleted (/forget): every consent not yet withdrawn is marked
-- withdrawn at that time. The record is kept until the given expiry. A
-- deletion for a subject who never consented writes nothing: /forget
-- must not leave a record that someone used the bot.
--
-- KEYS: 1 the subject's consent record (a hash: purpose → "version|given ms|withdrawn ms")
-- ARGV: 1 purpose ("" for a deletion), 2 version, 3 time (unix ms),
--       4 expires (unix ms)
--
-- Replies 1.
if ARGV[1] == '' then
  if redis.call('EXISTS', KEYS[1]) == 0 then
    return 1
  end
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    local v = redis.call('HGET', KEYS[1], field)
    if field ~= 'deleted' and string.sub(v, -1) == '|' then
      redis.call('HSET', KEYS[1], field, v .. ARGV[3])
    end
  end
  redis.call('HSET', KEYS[1], 'deleted', ARGV[3])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|')
end
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1
