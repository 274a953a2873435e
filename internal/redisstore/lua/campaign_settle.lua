-- Settle records the outcome of a send the consumer had leased, counts it
-- and acknowledges the stream entry. 'retry' (a temporary failure) and
-- 'requeue' (not sent, e.g. during a flood pause) put the recipient back
-- at the end of the stream; retry counts an attempt and fails the
-- recipient after the most attempts. A campaign that is no longer running
-- counts a requeued recipient cancelled.
--
-- KEYS: 1 campaign hash, 2 ledger, 3 stream, 4 attempts hash
-- ARGV: 1 chat key, 2 consumer, 3 outcome (sent, blocked, failed, skipped,
--       retry, requeue), 4 stream entry id, 5 group, 6 most attempts,
--       7 recipient JSON
--
-- A final outcome is counted in the campaign hash twice: in total
-- ('sent') and for the chat key's channel ('sent@zo').
--
-- Replies the recorded state: 'sent', 'blocked', 'failed', 'skipped',
-- 'cancelled', 'queued', or 'lost' when the lease was no longer the
-- consumer's.
local cur = redis.call('HGET', KEYS[2], ARGV[1])
local mine = 'i|' .. ARGV[2] .. '|'
if not cur or string.sub(cur, 1, #mine) ~= mine then
  -- Another consumer took the recipient over and owns the entry now.
  ack(KEYS[3], ARGV[5], ARGV[4], cur)
  return 'lost'
end
redis.call('XACK', KEYS[3], ARGV[5], ARGV[4])
local out = ARGV[3]
if out == 'retry' or out == 'requeue' then
  if redis.call('HGET', KEYS[1], 'st') ~= 'running' then
    out = 'cancelled'
  elseif out == 'retry' and redis.call('HINCRBY', KEYS[4], ARGV[1], 1) >= tonumber(ARGV[6]) then
    out = 'failed'
  else
    redis.call('HSET', KEYS[2], ARGV[1], 'q')
    redis.call('XADD', KEYS[3], '*', 'k', ARGV[1], 'r', ARGV[7])
    return 'queued'
  end
end
local states = { sent = 's', blocked = 'b', failed = 'f', skipped = 'k', cancelled = 'x' }
if not states[out] then
  return redis.error_reply('unknown outcome ' .. out)
end
redis.call('HSET', KEYS[2], ARGV[1], states[out])
redis.call('HINCRBY', KEYS[1], out, 1)
if out ~= 'cancelled' then
  redis.call('HINCRBY', KEYS[1], out .. '@' .. string.match(ARGV[1], '^[^:]*'), 1)
end
return out
