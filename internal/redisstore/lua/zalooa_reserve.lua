-- Zalo OA reply window: takes up to n sends from a window opened less
-- than the window's length before now, which allows limit sends in all.
-- A retry after a lost reply takes again: the window only ever shrinks,
-- so the OA sends fewer messages, never more.
--
-- KEYS: 1 window hash (see zalooa_opened.lua)
-- ARGV: 1 n, 2 limit, 3 window (ms), 4 now (unix ms)
-- Returns {sends taken, the id of the message that opened the window}.
local h = redis.call('HMGET', KEYS[1], 't', 'm', 'n')
if not h[1] or tonumber(ARGV[4]) - tonumber(h[1]) >= tonumber(ARGV[3]) then
  return { 0, '' }
end
local k = math.min(tonumber(ARGV[1]), tonumber(ARGV[2]) - (tonumber(h[3]) or 0))
if k <= 0 then
  return { 0, h[2] or '' }
end
redis.call('HINCRBY', KEYS[1], 'n', k)
return { k, h[2] or '' }
