-- Book takes a seat for one person.
--
-- KEYS: 1 request record, 2 person pointer, 3 slot counter, 4 appointment,
--       5 day list, 6 waiting reminders, 7 owner's index
-- ARGV: 1 code, 2 seats, 3 JSON, 4 expires (unix ms), 5 counter expires
--       (unix ms), 6 start (unix s), 7 reminder members joined by newlines,
--       8 request index entry, 9 appointment index entry,
--       10.. (due ms, member) of each reminder
--
-- Replies "ok:<code>", "re:<stored result>" for a request seen before,
-- "has", "full", or "code" when the code belongs to another appointment.
-- A pointer exists only while its appointment is booked (every script that
-- moves an appointment out of "booked" deletes it), so EXISTS is the
-- one-active-booking check.
local seen = replay(KEYS[1])
if seen then
  return seen
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return remember(KEYS[1], KEYS[7], ARGV[8], 'has', ARGV[4])
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  return 'code' -- not remembered: the caller draws a new code and retries
end
if not take(KEYS[3], ARGV[2], ARGV[5]) then
  return remember(KEYS[1], KEYS[7], ARGV[8], 'full', ARGV[4])
end
redis.call('HSET', KEYS[4], 'd', ARGV[3], 'v', 1, 'st', 'booked', 'seq', 0, 'rm', ARGV[7])
redis.call('PEXPIREAT', KEYS[4], ARGV[4])
redis.call('SET', KEYS[2], ARGV[1], 'PXAT', ARGV[4])
redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
extend(KEYS[5], ARGV[4])
schedule(KEYS[6], 10)
redis.call('HSET', KEYS[7], ARGV[9], 1)
return remember(KEYS[1], KEYS[7], ARGV[8], 'ok:' .. ARGV[1], ARGV[4])
