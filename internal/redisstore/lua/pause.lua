-- Pause stops every reservation of limit.lua for a while; a pause already
-- longer is kept.
--
-- KEYS: 1 pause key
-- ARGV: 1 duration (ms)
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
