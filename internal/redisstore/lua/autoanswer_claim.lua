-- Claim lets one update of a group answer a topic by itself, at most once
-- per window: the claim holds until when it blocks others (on the
-- engine's clock, so tests can move it), the update that made it, its
-- question and, once sent, the bot's answer. The update that holds the
-- claim gets it again (a retry after a failed delivery).
--
-- KEYS: 1 the topic's claim in the group (a hash)
-- ARGV: 1 now (unix ms), 2 the new claim's end (unix ms), 3 update id,
--       4 question message id, 5 time to live (ms)
--
-- Replies {1, 0, 0} when the update may answer, else {0, question, answer}
-- of the claim in force.
local cur = redis.call('HMGET', KEYS[1], 'until', 'upd', 'q', 'a')
if cur[2] == ARGV[3] then
  return {1, 0, 0}
end
if cur[1] and tonumber(cur[1]) > tonumber(ARGV[1]) then
  return {0, tonumber(cur[3]) or 0, tonumber(cur[4]) or 0}
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'until', ARGV[2], 'upd', ARGV[3], 'q', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, 0, 0}
