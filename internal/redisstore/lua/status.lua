-- Status records a check-in or a no-show. The seat stays taken; the person
-- may book again, so the pointer goes, and so do reminders still pending.
--
-- KEYS: 1 appointment, 2 its person's pointer, 3 waiting reminders,
--       4 leased reminders
-- ARGV: 1 code, 2 version Go read, 3 JSON, 4 status, 5 reminder members
--
-- Replies "ok" or "retry".
if not current(KEYS[1], ARGV[2]) then
  return 'retry'
end
redis.call('HSET', KEYS[1], 'd', ARGV[3], 'v', tonumber(ARGV[2]) + 1, 'st', ARGV[4], 'rm', '')
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
unschedule(KEYS[3], KEYS[4], ARGV[5])
return 'ok'
