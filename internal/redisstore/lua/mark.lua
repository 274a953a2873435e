-- Mark counts a person at a funnel stage once: the person's marker holds
-- the stages they were counted at, and only a new marker field adds to the
-- counter.
--
-- KEYS: 1 person's marker, 2 counts
-- ARGV: 1 stage, 2 "<area>|<lang>", 3 counter field
--
-- Replies 1 when this mark counted, 0 when the person was counted at the
-- stage before.
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
return 1
