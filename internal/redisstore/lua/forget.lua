-- Forget erases one person's bookings: frees the seats their appointments
-- hold, drops reminders, and deletes every record listed in their index.
--
-- KEYS: 1 person pointer, 2 owner's index, 3 waiting reminders, 4 leased
--       reminders, then per appointment: record, slot counter, day list;
--       then per visit: record, the point's visit list; then other keys
-- ARGV: 1 code the pointer held ('' for none), 2 index size Go read,
--       3 appointments, 4 visits, then per appointment: code, version Go
--       read, '1' if it holds a seat, reminder members; then per visit: id
--
-- Replies "ok", or "retry" when anything changed since Go read it: the
-- index only grows, so an unchanged size means unchanged members.
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1]
    or redis.call('HLEN', KEYS[2]) ~= tonumber(ARGV[2]) then
  return 'retry'
end
local na, nv = tonumber(ARGV[3]), tonumber(ARGV[4])
for j = 0, na - 1 do
  if not current(KEYS[5 + 3 * j], ARGV[6 + 4 * j]) then
    return 'retry'
  end
end
for j = 0, na - 1 do
  local k, a = 5 + 3 * j, 5 + 4 * j
  if ARGV[a + 2] == '1' then
    free(KEYS[k + 1])
  end
  redis.call('ZREM', KEYS[k + 2], ARGV[a])
  unschedule(KEYS[3], KEYS[4], ARGV[a + 3])
  redis.call('DEL', KEYS[k])
end
local kv, av = 5 + 3 * na, 5 + 4 * na
for j = 0, nv - 1 do
  redis.call('DEL', KEYS[kv + 2 * j])
  redis.call('ZREM', KEYS[kv + 2 * j + 1], ARGV[av + j])
end
for i = kv + 2 * nv, #KEYS do
  redis.call('DEL', KEYS[i])
end
redis.call('DEL', KEYS[1], KEYS[2])
return 'ok'
