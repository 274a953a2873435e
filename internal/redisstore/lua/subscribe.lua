-- Subscribe stores a chat's subscription, moving it out of the audience
-- and counter it was in before. Running it twice leaves the same state, so
-- a retry after a lost reply is harmless.
--
-- KEYS: 1 chat record, 2 counts, 3 audience
-- ARGV: 1 counter field, 2 audience member, 3 JSON
--
-- Replies 1 when the chat had a subscription before, else 0.
local had = leave(KEYS[1], KEYS[2], KEYS[3])
join(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3])
if had then
  return 1
end
return 0
