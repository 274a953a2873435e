-- Helpers shared by the campaign scripts; Go prepends this file to each.
-- They touch only keys the script received in KEYS.
--
-- A campaign's ledger holds each recipient's state under its chat key:
-- 'q' queued, 'i|<consumer>|<lease end, unix ms>' in flight, or how its
-- send ended ('s' sent, 'b' blocked, 'f' failed, 'k' skipped: not
-- reachable on its channel now, 'x' cancelled).

-- now_ms is Redis' clock in unix milliseconds.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- in_flight reports whether a ledger entry (false when there is none) is
-- a lease: a consumer is sending to the recipient.
local function in_flight(entry)
  return entry and string.sub(entry, 1, 2) == 'i|'
end

-- lease_over reports whether the lease in a ledger entry that is in flight
-- ended at or before now (unix ms).
local function lease_over(entry, now)
  return tonumber(string.match(entry, '|(%d+)$')) <= now
end

-- ack acknowledges a recipient's entry of stream unless the ledger entry
-- is in flight: that stream entry is the leasing consumer's to settle.
local function ack(stream, group, id, entry)
  if not in_flight(entry) then
    redis.call('XACK', stream, group, id)
  end
end

