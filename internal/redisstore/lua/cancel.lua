-- Cancel frees a booked appointment's seat and keeps its record, marked
-- cancelled, until it expires.
--
-- KEYS: 1 request record, 2 person pointer, 3 appointment, 4 slot counter,
--       5 day list, 6 waiting reminders, 7 leased reminders, 8 owner's index
-- ARGV: 1 code, 2 version Go read, 3 JSON, 4 reminder members,
--       5 request index entry, 6 request record expires (unix ms)
--
-- Replies "ok:<code>", "re:<stored result>", or "retry".
local refused = guard(KEYS[1], KEYS[2], ARGV[1], KEYS[3], ARGV[2])
if refused then
  return refused
end
free(KEYS[4])
redis.call('HSET', KEYS[3], 'd', ARGV[3], 'v', tonumber(ARGV[2]) + 1, 'st', 'cancelled', 'rm', '')
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[5], ARGV[1])
unschedule(KEYS[6], KEYS[7], ARGV[4])
return remember(KEYS[1], KEYS[8], ARGV[5], 'ok:' .. ARGV[1], ARGV[6])
