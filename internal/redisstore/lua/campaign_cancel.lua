-- Cancel stops a campaign that is not done. Every queued recipient is
-- counted cancelled at once and the stream is dropped; a recipient whose
-- send is in flight ends as its send does. A campaign that never started
-- is finished here.
--
-- KEYS: 1 campaign hash, 2 ledger, 3 stream
-- ARGV: 1 canceller, 2 now (unix ms)
--
-- Replies 'none', 'state' (done), 'again' (was cancelled already),
-- 'running' (a worker will finish it) or 'idle' (finished here).
local st = redis.call('HGET', KEYS[1], 'st')
if not st then
  return 'none'
elseif st == 'done' then
  return 'state'
elseif st == 'cancelled' then
  return 'again'
end
redis.call('HSET', KEYS[1], 'st', 'cancelled', 'cn', ARGV[1])
local all, n = redis.call('HGETALL', KEYS[2]), 0
for i = 1, #all, 2 do
  if all[i + 1] == 'q' then
    redis.call('HSET', KEYS[2], all[i], 'x')
    n = n + 1
  end
end
if n > 0 then
  redis.call('HINCRBY', KEYS[1], 'cancelled', n)
end
redis.call('DEL', KEYS[3])
if st ~= 'running' then
  redis.call('HSET', KEYS[1], 'fi', ARGV[2], 'fin', 1)
  return 'idle'
end
return 'running'
