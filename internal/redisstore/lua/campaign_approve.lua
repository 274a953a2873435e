-- Approve moves an awaiting campaign to scheduled. Approving again by the
-- same approver succeeds, so that go-redis' retry after a lost reply, or
-- the caller's own retry, does not turn into a false refusal.
--
-- KEYS: 1 the campaign hash
-- ARGV: 1 approver
--
-- Replies 'ok', 'none' (no campaign), 'state' or 'self'.
local r = redis.call('HMGET', KEYS[1], 'st', 'au', 'ap')
-- Records written before user ids were qualified hold bare Telegram ids.
for i = 2, 3 do
  if r[i] and string.match(r[i], '^%d+$') then
    r[i] = 'tg:' .. r[i]
  end
end
if not r[1] then
  return 'none'
end
-- The approver's own approval again (a double tap, a retry): its result,
-- also once the worker has started or finished sending.
if r[3] == ARGV[1] and (r[1] == 'scheduled' or r[1] == 'running' or r[1] == 'done') then
  return 'ok'
end
if r[1] ~= 'awaiting' then
  return 'state'
end
if r[2] == ARGV[1] then
  return 'self'
end
redis.call('HSET', KEYS[1], 'st', 'scheduled', 'ap', ARGV[1])
return 'ok'
