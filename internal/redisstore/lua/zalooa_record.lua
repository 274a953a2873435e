-- Zalo OA event journal: records a verified event once per idempotency
-- key. The stream and its consumer group are made on the first event.
--
-- KEYS: 1 the key's seen marker, 2 stream (one hash tag: the OA's events)
-- ARGV: 1 how long a key is remembered (ms), 2 the raw body, 3 group
-- Returns 1 when added, 0 when the key was recorded before.
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
  return 0
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('XGROUP', 'CREATE', KEYS[2], ARGV[3], '0', 'MKSTREAM')
end
redis.call('XADD', KEYS[2], '*', 'b', ARGV[2])
return 1
