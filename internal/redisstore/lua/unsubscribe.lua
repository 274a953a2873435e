-- Unsubscribe deletes a chat's subscription with its audience entry and
-- its share of the counters.
--
-- KEYS: 1 chat record, 2 counts, 3 audience
--
-- Replies 1 when there was a subscription, else 0.
if leave(KEYS[1], KEYS[2], KEYS[3]) then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
