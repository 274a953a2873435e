-- Forget drops one chat from a campaign when the person sends /forget. A
-- queued recipient is counted cancelled and never sent (Claim finds no
-- ledger entry and skips the stream entry); a handled one loses its entry
-- (the campaign's counts stay). A send in flight ends as it does; its entry
-- goes with the campaign's per-recipient keys an hour after it finishes.
--
-- KEYS: 1 campaign hash, 2 ledger, 3 attempts hash
-- ARGV: 1 chat key
--
-- Replies 1 when the chat was queued, 2 in flight, 3 handled, 0 absent.
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if not cur then
  return 0
end
if in_flight(cur) then
  return 2
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if cur == 'q' then
  redis.call('HINCRBY', KEYS[1], 'cancelled', 1)
  return 1
end
return 3
