package redisstore

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

var (
	zoRecordScript = plainScript("zalooa_record.lua")
	zoAckScript    = plainScript("zalooa_ack.lua")
)

// ZaloOAEventKeep is how long an event key is remembered, so that Zalo's
// retries of it (the last about an hour and a half after the first
// delivery [T]) are recorded once.
const ZaloOAEventKeep = 48 * time.Hour

// zoGroup is the consumer group every replica reads the journal in.
const zoGroup = "zo"

// ZaloOAEvents is one OA's durable event journal (the zalooa.EventJournal
// contract): a Redis Stream read by one consumer group, and a marker per
// event key that makes recording idempotent. Every key carries the OA's
// events tag, so the recording script runs on one slot; it waits for a
// replica (durability.go), since the webhook's 200 promises the event is
// kept.
type ZaloOAEvents struct {
	st     *Store
	tag    string
	stream string
}

// ZaloOAEvents returns the event journal of the OA with id oa.
func (st *Store) ZaloOAEvents(oa string) (*ZaloOAEvents, error) {
	if err := checkOAID(oa); err != nil {
		return nil, err
	}
	tag := st.zoEvents(oa)
	return &ZaloOAEvents{st: st, tag: tag, stream: tag + "stream"}, nil
}

// Record adds a verified event's raw body unless its key was recorded in
// the last ZaloOAEventKeep, and reports whether it was new.
func (e *ZaloOAEvents) Record(ctx context.Context, key string, body []byte) (bool, error) {
	if key == "" || strings.ContainsAny(key, "{}") {
		return false, errors.New("redisstore: an event key is empty or holds a brace")
	}
	n, err := zoRecordScript.Run(ctx, e.st.batch, []string{e.tag + "seen:" + key, e.stream},
		ZaloOAEventKeep.Milliseconds(), body, zoGroup).Int()
	if err != nil {
		return false, unavailable("record a Zalo OA event", err)
	}
	return n == 1, nil
}

// Read hands consumer up to n events no consumer has read yet, waiting up
// to block for one (0 or less: no wait). They stay pending until Ack.
func (e *ZaloOAEvents) Read(ctx context.Context, consumer string, n int, block time.Duration, fn func(entry string, body []byte)) error {
	if block <= 0 {
		block = -1 // go-redis sends no BLOCK; BLOCK 0 would wait for ever
	}
	args := &redis.XReadGroupArgs{Group: zoGroup, Consumer: consumer, Streams: []string{e.stream, ">"}, Count: int64(n), Block: block}
	res, err := e.st.rdb.XReadGroup(ctx, args).Result()
	if err != nil && isNoGroup(err) {
		if err = e.makeGroup(ctx); err == nil {
			res, err = e.st.rdb.XReadGroup(ctx, args).Result()
		}
	}
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		return unavailable("read Zalo OA events", err)
	}
	for _, s := range res {
		eachEvent(s.Messages, fn)
	}
	return nil
}

// makeGroup creates the stream and its group before any event came, so a
// worker can wait on it.
func (e *ZaloOAEvents) makeGroup(ctx context.Context) error {
	err := e.st.rdb.XGroupCreateMkStream(ctx, e.stream, zoGroup, "0").Err()
	if err != nil && strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return nil
	}
	return err
}

// Reclaim hands consumer up to n events pending longer than minIdle,
// whichever consumer read them.
func (e *ZaloOAEvents) Reclaim(ctx context.Context, consumer string, minIdle time.Duration, n int, fn func(entry string, body []byte)) error {
	msgs, _, err := e.st.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: e.stream, Group: zoGroup,
		Consumer: consumer, MinIdle: minIdle, Start: "0-0", Count: int64(n)}).Result()
	if err != nil {
		if isNoGroup(err) {
			return nil
		}
		return unavailable("reclaim Zalo OA events", err)
	}
	eachEvent(msgs, fn)
	return nil
}

// Ack marks an event processed and deletes its body.
func (e *ZaloOAEvents) Ack(ctx context.Context, entry string) error {
	err := zoAckScript.Run(ctx, e.st.rdb, []string{e.stream}, zoGroup, entry).Err()
	return unavailable("acknowledge a Zalo OA event", err)
}

// eachEvent hands over the bodies of stream entries; an entry without one
// is passed with an empty body, for the worker to drop and acknowledge.
func eachEvent(msgs []redis.XMessage, fn func(string, []byte)) {
	for _, m := range msgs {
		body, _ := m.Values["b"].(string)
		fn(m.ID, []byte(body))
	}
}
