-- Expand adds recipients to a running campaign: each chat once, however
-- often expansion is run (the ledger entry is the proof), so an expansion
-- that crashed midway is simply run again.
--
-- KEYS: 1 campaign hash, 2 ledger, 3 stream
-- ARGV: pairs of chat key, recipient JSON
--
-- Replies how many recipients were new, or -1 when the campaign is not
-- running.
if redis.call('HGET', KEYS[1], 'st') ~= 'running' then
  return -1
end
local n = 0
for i = 1, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[2], ARGV[i], 'q') == 1 then
    redis.call('XADD', KEYS[3], '*', 'k', ARGV[i], 'r', ARGV[i + 1])
    n = n + 1
  end
end
if n > 0 then
  redis.call('HINCRBY', KEYS[1], 'total', n)
end
return n
