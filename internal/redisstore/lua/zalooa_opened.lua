-- Zalo OA reply window: the user wrote. A message newer than the one
-- recorded opens a fresh window with no sends used; one at the same time
-- fills in a missing message id only (a follow, then a message in the
-- same millisecond), so that processing an event twice never gives the
-- window back; an older one changes nothing.
--
-- KEYS: 1 window hash (t = unix ms of the message, m = its id, n = sends used)
-- ARGV: 1 unix ms, 2 message id ("" for none), 3 lifetime (ms)
-- Returns 1 when the window changed, else 0.
local t = tonumber(redis.call('HGET', KEYS[1], 't'))
local at = tonumber(ARGV[1])
if not t or at > t then
  redis.call('HSET', KEYS[1], 't', ARGV[1], 'm', ARGV[2], 'n', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
if at == t and ARGV[2] ~= '' and (redis.call('HGET', KEYS[1], 'm') or '') == '' then
  redis.call('HSET', KEYS[1], 'm', ARGV[2])
  return 1
end
return 0
