-- Appends one event to a web chat visitor's event stream.
-- KEYS[1] the visitor's hash (field n: the last message number)
-- KEYS[2] the visitor's event stream (fields e: event JSON, m: message number, k: idempotency key)
-- ARGV[1] idempotency key, "" for none
-- ARGV[2] the event (JSON)
-- ARGV[3] "1" when the event is a message and takes the next number
-- ARGV[4] stream length to keep (approximately)
-- ARGV[5] lifetime of both keys, ms
-- ARGV[6] how many of the newest entries to search for the key
-- Returns the event's message number (0 when not numbered). An event whose
-- key is among the newest entries is not appended again: go-redis's retry
-- after a lost reply, or the engine's retry of a reply whose delivery was
-- not recorded, shows it once.
if ARGV[1] ~= '' then
  local recent = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', tonumber(ARGV[6]))
  for _, entry in ipairs(recent) do
    local f, k, m = entry[2], nil, '0'
    for i = 1, #f, 2 do
      if f[i] == 'k' then k = f[i + 1] elseif f[i] == 'm' then m = f[i + 1] end
    end
    if k == ARGV[1] then return tonumber(m) end
  end
end
local m = 0
if ARGV[3] == '1' then m = redis.call('HINCRBY', KEYS[1], 'n', 1) end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[2], 'm', m, 'k', ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return m
