-- Keep counts one asking of an unanswered question on one day: its
-- redacted text (the first wording of the day is kept), how often it was
-- asked, and the keyed hash of the chat in the day's HyperLogLog, which
-- counts distinct chats without holding any of them. Both keys expire at
-- ARGV[5], 30 days after the day began.
--
-- KEYS: 1 the day's questions (hash), 2 the question's chats that day (HLL)
-- ARGV: 1 text field "q:<id>", 2 count field "n:<id>", 3 "<lang>|<text>",
--       4 the chat's keyed hash, 5 expiry (unix s), 6 the most questions a
--       day keeps
--
-- Replies 1 when counted, 0 when the day already holds ARGV[6] other
-- questions (a flood of distinct texts cannot grow the day without bound).
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  if redis.call('HLEN', KEYS[1]) >= 2 * tonumber(ARGV[6]) then
    return 0
  end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
redis.call('PFADD', KEYS[2], ARGV[4])
redis.call('EXPIREAT', KEYS[1], ARGV[5])
redis.call('EXPIREAT', KEYS[2], ARGV[5])
return 1
