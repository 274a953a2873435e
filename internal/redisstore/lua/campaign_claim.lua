-- Claim leases one recipient to a consumer before it is sent. The ledger
-- entry, not the stream, decides: a queued recipient, or one whose lease
-- ran out (its worker died mid-send), is leased; one leased to a live
-- consumer is left alone; one already handled is acknowledged and skipped.
--
-- KEYS: 1 campaign hash, 2 ledger, 3 stream
-- ARGV: 1 chat key, 2 consumer, 3 lease (ms), 4 stream entry id, 5 group
--
-- Replies 'ok', 'again' (taken over from an expired lease: the earlier
-- send may have gone out), 'busy' or 'done'.
local now = now_ms()
local st = redis.call('HGET', KEYS[1], 'st')
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if st ~= 'running' or not cur then
  if cur == 'q' then
    redis.call('HSET', KEYS[2], ARGV[1], 'x')
    redis.call('HINCRBY', KEYS[1], 'cancelled', 1)
  end
  ack(KEYS[3], ARGV[5], ARGV[4], cur)
  return 'done'
end
local lease = 'i|' .. ARGV[2] .. '|' .. string.format('%.0f', now + tonumber(ARGV[3]))
if cur == 'q' then
  redis.call('HSET', KEYS[2], ARGV[1], lease)
  return 'ok'
end
if in_flight(cur) then
  if not lease_over(cur, now) then
    return 'busy'
  end
  redis.call('HSET', KEYS[2], ARGV[1], lease)
  return 'again'
end
redis.call('XACK', KEYS[3], ARGV[5], ARGV[4])
return 'done'
