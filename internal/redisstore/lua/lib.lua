-- Helpers shared by every booking script; Go prepends this file to each.
-- They touch only keys the script received in KEYS. PEXPIRETIME needs
-- Redis 7.0 or later (Debian bookworm ships 7.0).

-- replay returns the result stored for a request seen before, as
-- 're:<result>', or nil for a request not seen yet. A script run for a
-- request checks it first, so a retried request never acts twice.
local function replay(req)
  local prev = redis.call('GET', req)
  if prev then
    return 're:' .. prev
  end
  return nil
end

-- current reports whether the appointment in record still has the version
-- Go read.
local function current(record, version)
  return redis.call('HGET', record, 'v') == version
end

-- guard is the precondition of a change to a person's booked appointment
-- for a request. It returns the reply that ends the script, 're:<result>'
-- for a request seen before or 'retry' when the person's pointer no longer
-- names code or the appointment's version changed since Go read them, or
-- nil when the change may go ahead.
local function guard(req, pointer, code, record, version)
  local seen = replay(req)
  if seen then
    return seen
  end
  if redis.call('GET', pointer) ~= code or not current(record, version) then
    return 'retry'
  end
  return nil
end

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

