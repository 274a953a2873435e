-- Migrate moves a group's registration to the group's new chat id. The
-- caller read the old record and built the new one from it; the script
-- does nothing and replies -1 when the old record changed meanwhile, and
-- the caller reads again. When the new chat has a registration already,
-- that one is kept and the old one is only deleted.
--
-- KEYS: 1 old chat record, 2 new chat record, 3 counts, 4 audience
-- ARGV: 1 old record's JSON as read, 2 counter field, 3 audience member,
--       4 JSON of the new record
--
-- Replies 1 when it moved the registration, 0 when it only deleted the
-- old one, -1 when the old record changed.
if redis.call('HGET', KEYS[1], 'd') ~= ARGV[1] then
  return -1
end
leave(KEYS[1], KEYS[3], KEYS[4])
redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
join(KEYS[2], KEYS[3], KEYS[4], ARGV[2], ARGV[3], ARGV[4])
return 1
