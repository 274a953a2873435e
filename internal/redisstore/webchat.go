package redisstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

var webAppendScript = plainScript("webchat_append.lua")

// Web chat limits.
const (
	// webChatEvents is about how many events a visitor's stream keeps: a
	// long conversation's worth; the browser shows at most the last 200.
	webChatEvents = 500
	// webChatNotices is about how many notices the shared stream keeps.
	webChatNotices = 10000
	// webChatDedupe is how many of a stream's newest events an idempotent
	// append searches for its key: more than one update's replies.
	webChatDedupe = 50
)

// WebChat keeps the web chat's visitors and their event streams (the
// webchat.Store contract). Appends are scripts on the visitor's own hash
// tag and wait for a replica like the journal's writes (durability.go):
// an event is the web chat's delivered reply.
type WebChat struct {
	st *Store
}

// WebChat returns the web chat's store.
func (st *Store) WebChat() *WebChat { return &WebChat{st: st} }

// CreateVisitor records a visitor whose secret hashes to hash, for ttl.
func (w *WebChat) CreateVisitor(ctx context.Context, chat bot.Chat, hash string, ttl time.Duration) error {
	key := w.st.webVisitorKey(chat)
	_, err := w.st.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, "h", hash)
		p.PExpire(ctx, key, ttl)
		return nil
	})
	return unavailable("create web chat visitor", err)
}

// VisitorHash is the stored hash of the visitor's secret, or "" for an
// unknown visitor; extend renews the visitor for the session lifetime.
func (w *WebChat) VisitorHash(ctx context.Context, chat bot.Chat, extend bool) (string, error) {
	key := w.st.webVisitorKey(chat)
	var get *redis.StringCmd
	_, err := w.st.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		get = p.HGet(ctx, key, "h")
		if extend {
			p.PExpire(ctx, key, w.st.opts.SessionTTL)
		}
		return nil
	})
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", unavailable("read web chat visitor", err)
	}
	return get.Val(), nil
}

// Append adds an event to the chat's stream (once per non-empty key) and
// tells every process. The notice is a second command on another hash
// tag, sent after the append, so a process never reads a notice before
// the event is there; should it fail, the append stands and the error
// makes the engine retry, which the key turns into a notice only.
func (w *WebChat) Append(ctx context.Context, chat bot.Chat, key string, numbered bool, event []byte) (int, error) {
	if len(event) < 2 || event[0] != '{' {
		return 0, errors.New("redisstore: a web chat event must be a JSON object")
	}
	num := "0"
	if numbered {
		num = "1"
	}
	m, err := webAppendScript.Run(ctx, w.st.batch, []string{w.st.webVisitorKey(chat), w.st.webEventsKey(chat)},
		key, event, num, webChatEvents, w.st.opts.SessionTTL.Milliseconds(), webChatDedupe).Int()
	if err != nil {
		return 0, unavailable("append web chat event", err)
	}
	return m, w.notify(ctx, chat)
}

// notify adds a notice for chat to the shared stream.
func (w *WebChat) notify(ctx context.Context, chat bot.Chat) error {
	err := w.st.rdb.XAdd(ctx, &redis.XAddArgs{
		Stream: w.st.webNoticesKey(), MaxLen: webChatNotices, Approx: true, Values: []string{"c", chat.ID},
	}).Err()
	return unavailable("web chat notice", err)
}

// Events reads up to limit events after event id after, oldest first;
// after "" reads the latest limit. Each line is the stored event with its
// id and message number added in front.
func (w *WebChat) Events(ctx context.Context, chat bot.Chat, after string, limit int) ([]string, [][]byte, error) {
	key := w.st.webEventsKey(chat)
	var msgs []redis.XMessage
	var err error
	if after == "" {
		msgs, err = w.st.rdb.XRevRangeN(ctx, key, "+", "-", int64(limit)).Result()
		slices.Reverse(msgs)
	} else {
		msgs, err = w.st.rdb.XRangeN(ctx, key, "("+after, "+", int64(limit)).Result()
	}
	if err != nil {
		return nil, nil, unavailable("read web chat events", err)
	}
	ids := make([]string, 0, len(msgs))
	lines := make([][]byte, 0, len(msgs))
	for _, m := range msgs {
		e, _ := m.Values["e"].(string)
		num, _ := m.Values["m"].(string)
		if len(e) < 2 || e[0] != '{' {
			continue
		}
		if _, err := strconv.Atoi(num); err != nil {
			num = "0"
		}
		var line bytes.Buffer
		fmt.Fprintf(&line, `{"id":%q,"msg":%s`, m.ID, num)
		if e != "{}" {
			line.WriteByte(',')
		}
		line.WriteString(e[1:])
		ids = append(ids, m.ID)
		lines = append(lines, line.Bytes())
	}
	return ids, lines, nil
}

// Notices waits up to block for notices after id after. After "" returns
// at once with the newest notice's id ("0-0" when there is none).
func (w *WebChat) Notices(ctx context.Context, after string, block time.Duration) ([]string, string, error) {
	key := w.st.webNoticesKey()
	if after == "" {
		last, err := w.st.rdb.XRevRangeN(ctx, key, "+", "-", 1).Result()
		if err != nil {
			return nil, "", unavailable("read web chat notices", err)
		}
		if len(last) == 0 {
			return nil, "0-0", nil
		}
		return nil, last[0].ID, nil
	}
	res, err := w.st.rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{key, after}, Count: 1000, Block: block}).Result()
	if errors.Is(err, redis.Nil) {
		return nil, after, nil
	}
	if err != nil {
		return nil, after, unavailable("read web chat notices", err)
	}
	var chats []string
	seen := map[string]bool{}
	for _, s := range res {
		for _, m := range s.Messages {
			after = m.ID
			if c, _ := m.Values["c"].(string); c != "" && !seen[c] {
				seen[c] = true
				chats = append(chats, c)
			}
		}
	}
	return chats, after, nil
}

// Erase empties a web chat's event stream, the history its visitor sees,
// and leaves one "clear" event so that open browsers empty theirs. The
// stream's last id stays (XTRIM, not DEL), so event ids keep growing and
// a browser resuming after an old id misses nothing new. The visitor
// record holds no personal data and stays, so the browser goes on as a
// new conversation. Chats of other channels are not touched.
func (w *WebChat) Erase(ctx context.Context, chat bot.Chat) error {
	if chat.Channel != bot.ChannelWeb {
		return nil
	}
	if err := w.st.rdb.XTrimMaxLen(ctx, w.st.webEventsKey(chat), 0).Err(); err != nil {
		return unavailable("erase web chat history", err)
	}
	_, err := w.Append(ctx, chat, "", false, []byte(`{"type":"clear"}`))
	return err
}
