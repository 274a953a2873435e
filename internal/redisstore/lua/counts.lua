-- Helpers shared by the subscription and funnel scripts; Go prepends this
-- file to each. They touch only keys the script received in KEYS.

-- drop takes one from a counter field of hash counts, deleting the field
-- when it reaches zero so Counts lists only live counters.
local function drop(counts, field)
  if redis.call('HINCRBY', counts, field, -1) <= 0 then
    redis.call('HDEL', counts, field)
  end
end

-- leave removes the subscription stored in record (if any) from the
-- audience and the counters, and reports whether there was one.
local function leave(record, counts, audience)
  local old = redis.call('HMGET', record, 's', 'm')
  if not old[1] then
    return false
  end
  redis.call('ZREM', audience, old[2])
  drop(counts, old[1])
  return true
end

-- join stores a subscription in record and adds it to the audience and
-- the counters.
local function join(record, counts, audience, field, member, data)
  redis.call('HSET', record, 's', field, 'm', member, 'd', data)
  redis.call('ZADD', audience, 0, member)
  redis.call('HINCRBY', counts, field, 1)
end
