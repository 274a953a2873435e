-- Helpers shared by every booking script; Go prepends this file to each.
-- They touch only keys the script received in KEYS. PEXPIRETIME needs
-- Redis 7.0 or later (Debian bookworm ships 7.0).

-- extend makes key live at least until at (unix ms). Day lists, counters
-- and indexes hold entries of several records, so a record that expires
-- later must never have its entry cut short by one that expires earlier.
local function extend(key, at)
  local cur = redis.call('PEXPIRETIME', key)
  if cur == -1 or (cur >= 0 and cur < tonumber(at)) then
    redis.call('PEXPIREAT', key, at)
  end
end

-- take takes a seat of slot when fewer than seats are taken, and reports
-- whether it did. The counter lives until at, a while after the slot.
local function take(slot, seats, at)
  local n = tonumber(redis.call('GET', slot) or '0')
  if n >= tonumber(seats) then
    return false
  end
  redis.call('INCR', slot)
  extend(slot, at)
  return true
end

-- free gives a seat back. The counter may have expired after its slot
-- ended, and it never goes below zero.
local function free(slot)
  if tonumber(redis.call('GET', slot) or '0') > 0 then
    redis.call('DECR', slot)
  end
end

-- unschedule drops reminders (members joined by newlines), whether still
-- waiting or leased to a worker.
local function unschedule(waiting, leased, members)
  for m in string.gmatch(members, '[^\n]+') do
    redis.call('ZREM', waiting, m)
    redis.call('ZREM', leased, m)
  end
end

-- schedule adds the reminders passed as (due ms, member) pairs in ARGV
-- from index from on.
local function schedule(waiting, from)
  for i = from, #ARGV, 2 do
    redis.call('ZADD', waiting, ARGV[i], ARGV[i + 1])
  end
end

-- remember stores a request's result for its retries, indexes the record
-- under its owner for /forget, and returns the result.
local function remember(req, owned, entry, result, at)
  redis.call('SET', req, result, 'PXAT', at)
  redis.call('HSET', owned, entry, 1)
  extend(owned, at)
  return result
end

