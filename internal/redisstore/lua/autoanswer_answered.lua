-- Answered records the bot's answer in a topic's claim, if the claim is
-- still the update's (a later one may have replaced an expired claim).
--
-- KEYS: 1 the topic's claim in the group (a hash)
-- ARGV: 1 update id, 2 the answer's message id
--
-- Replies 1 when recorded, 0 when the claim is another update's.
if redis.call('HGET', KEYS[1], 'upd') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'a', ARGV[2])
return 1
