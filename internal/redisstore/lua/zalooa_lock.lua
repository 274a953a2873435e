-- Zalo OA refresh lock: taken only when free, with a fence one larger
-- than every fence handed out before. The lock's value is
-- "<fence>:<token>", so that go-redis retrying this script after a lost
-- reply finds its own lock and gets the same fence back.
--
-- KEYS: 1 lock, 2 fence counter (one hash tag: the OA's)
-- ARGV: 1 lease (ms), 2 the caller's unique token
-- Returns the fence, or 0 when another holds the lock.
local held = redis.call('GET', KEYS[1])
if held then
  local fence, token = string.match(held, '^(%d+):(.*)$')
  if token == ARGV[2] then
    return tonumber(fence)
  end
  return 0
end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], fence .. ':' .. ARGV[2], 'PX', ARGV[1])
return fence
