-- Lease leases due reminders: those waiting with a due time at or before
-- now, and those leased to a worker whose lease ran out. A reminder whose
-- appointment is gone, no longer booked, or was rescheduled since (another
-- sequence) is dropped instead.
--
-- KEYS: 1 waiting reminders, 2 leased reminders, 3.. the appointment of
--       each candidate
-- ARGV: 1 now (unix ms), 2 lease deadline (unix ms), 3 most to lease,
--       then per candidate: member, sequence
--
-- Replies the leased members.
local now, most, out = tonumber(ARGV[1]), tonumber(ARGV[3]), {}
for i = 3, #KEYS do
  local m, seq = ARGV[2 * i - 2], ARGV[2 * i - 1]
  local due = redis.call('ZSCORE', KEYS[1], m)
  local until_ = redis.call('ZSCORE', KEYS[2], m)
  if (due and tonumber(due) <= now) or (until_ and tonumber(until_) <= now) then
    local a = redis.call('HMGET', KEYS[i], 'st', 'seq')
    if a[1] ~= 'booked' or a[2] ~= seq then
      redis.call('ZREM', KEYS[1], m)
      redis.call('ZREM', KEYS[2], m)
    elseif #out < most then
      redis.call('ZREM', KEYS[1], m)
      redis.call('ZADD', KEYS[2], ARGV[2], m)
      out[#out + 1] = m
    end
  end
end
return out
