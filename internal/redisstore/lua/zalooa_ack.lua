-- Zalo OA event journal: an event is processed; acknowledge it and delete
-- its body, so that the stream holds only events still to process.
--
-- KEYS: 1 stream
-- ARGV: 1 group, 2 entry id
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return redis.call('XDEL', KEYS[1], ARGV[2])
