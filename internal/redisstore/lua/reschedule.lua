-- Reschedule moves a booked appointment to another slot.
--
-- KEYS: 1 request record, 2 person pointer, 3 appointment, 4 old slot
--       counter, 5 new slot counter, 6 old day list, 7 new day list,
--       8 waiting reminders, 9 leased reminders, 10 owner's index
-- ARGV: 1 code, 2 version Go read, 3 seats, 4 JSON, 5 new sequence,
--       6 expires (unix ms), 7 new counter expires (unix ms), 8 start
--       (unix s), 9 old reminder members, 10 new reminder members,
--       11 request index entry, 12.. (due ms, member) of each new reminder
--
-- Replies "ok:<code>", "re:<stored result>", "full" (nothing changed), or
-- "retry" when the appointment changed since Go read it.
local refused = guard(KEYS[1], KEYS[2], ARGV[1], KEYS[3], ARGV[2])
if refused then
  return refused
end
if not take(KEYS[5], ARGV[3], ARGV[7]) then
  return remember(KEYS[1], KEYS[10], ARGV[11], 'full', ARGV[6])
end
free(KEYS[4])
redis.call('HSET', KEYS[3], 'd', ARGV[4], 'v', tonumber(ARGV[2]) + 1, 'seq', ARGV[5], 'rm', ARGV[10])
redis.call('PEXPIREAT', KEYS[3], ARGV[6])
redis.call('SET', KEYS[2], ARGV[1], 'PXAT', ARGV[6])
redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('ZADD', KEYS[7], ARGV[8], ARGV[1])
extend(KEYS[7], ARGV[6])
unschedule(KEYS[8], KEYS[9], ARGV[9])
schedule(KEYS[8], 12)
return remember(KEYS[1], KEYS[10], ARGV[11], 'ok:' .. ARGV[1], ARGV[6])
