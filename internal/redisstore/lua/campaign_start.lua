-- Start moves a scheduled campaign to running and makes sure a running
-- campaign's stream and consumer group exist.
--
-- KEYS: 1 campaign hash, 2 stream
-- ARGV: 1 now (unix ms), 2 consumer group
--
-- Replies the status after the call ('none' when there is no campaign).
local st = redis.call('HGET', KEYS[1], 'st')
if st == 'scheduled' then
  redis.call('HSET', KEYS[1], 'st', 'running', 'sa', ARGV[1])
  st = 'running'
end
if st == 'running' then
  redis.pcall('XGROUP', 'CREATE', KEYS[2], ARGV[2], '0', 'MKSTREAM') -- BUSYGROUP: exists
end
return st or 'none'
