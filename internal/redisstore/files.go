package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// DefaultFileTTL is how long a file link works: long enough to add an
// appointment to a calendar in the days after booking, short enough that
// an old link shared by mistake leads nowhere.
const DefaultFileTTL = 7 * 24 * time.Hour

// File link keys. A file has a hash tag of its own token, so files spread
// over a cluster; the chat's index of its files carries the chat's tag, so
// /forget finds them:
//
//	<prefix>:{file:<token>}   string  JSON of the bot.Document; expires with the link
//	<prefix>:{<chat>}:files   hash    tokens of the chat's files (value 1); lives as long as its newest file
//
// Each write and each delete touches one key: no script spans two slots.

// Files keeps documents that a channel which sends no files (the Zalo Bot
// Platform, the web chat) shows as download links: each under a random,
// unguessable token, for a limited time. It implements bot.Eraser, deleting
// a chat's files on /forget. It is safe for concurrent use.
type Files struct {
	st  *Store
	ttl time.Duration
}

var _ bot.Eraser = (*Files)(nil)

// Files returns the file links on st's Redis, each working for ttl
// (DefaultFileTTL when 0 or less).
func (st *Store) Files(ttl time.Duration) *Files {
	if ttl <= 0 {
		ttl = DefaultFileTTL
	}
	return &Files{st: st, ttl: ttl}
}

// TTL is how long a link works.
func (f *Files) TTL() time.Duration { return f.ttl }

func (f *Files) fileKey(token string) string { return f.st.opts.Prefix + ":{file:" + token + "}" }

func (f *Files) indexKey(chat bot.Chat) string { return f.st.owner(chat) + ":files" }

// Put stores d, a file for chat, and returns the token that names it: 26
// characters of base32 from crypto/rand (130 random bits), which nobody can
// guess or enumerate. Putting the same document twice makes two links.
func (f *Files) Put(ctx context.Context, chat bot.Chat, d bot.Document) (string, error) {
	data, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("redisstore: encode file %s: %w", d.Name, err)
	}
	token := rand.Text()
	// The index first: a file /forget cannot find must never exist.
	index := f.indexKey(chat)
	_, err = f.st.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, index, token, 1)
		p.Expire(ctx, index, f.ttl)
		return nil
	})
	if err == nil {
		err = f.st.rdb.Set(ctx, f.fileKey(token), data, f.ttl).Err()
	}
	if err != nil {
		return "", unavailable("store a file of "+chat.Key(), err)
	}
	return token, nil
}

// Get returns the document stored under token; found is false for a token
// that is malformed, unknown or expired.
func (f *Files) Get(ctx context.Context, token string) (d bot.Document, found bool, err error) {
	if !ValidToken(token) {
		return bot.Document{}, false, nil
	}
	data, err := f.st.rdb.Get(ctx, f.fileKey(token)).Bytes()
	if errors.Is(err, redis.Nil) {
		return bot.Document{}, false, nil
	}
	if err != nil {
		return bot.Document{}, false, unavailable("read a file", err)
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return bot.Document{}, false, fmt.Errorf("redisstore: decode a file: %w", err)
	}
	return d, true, nil
}

// Erase deletes every file stored for chat, then its index (for /forget).
func (f *Files) Erase(ctx context.Context, chat bot.Chat) error {
	tokens, err := f.st.rdb.HKeys(ctx, f.indexKey(chat)).Result()
	if err != nil {
		return unavailable("list the files of "+chat.Key(), err)
	}
	for _, t := range tokens {
		if err := f.st.rdb.Del(ctx, f.fileKey(t)).Err(); err != nil {
			return unavailable("erase a file of "+chat.Key(), err)
		}
	}
	return unavailable("erase the files of "+chat.Key(), f.st.rdb.Del(ctx, f.indexKey(chat)).Err())
}

// ValidToken reports whether token has the form Put makes: 26 characters
// of A-Z and 2-7. A web handler can refuse anything else without asking
// Redis.
func ValidToken(token string) bool {
	if len(token) != 26 {
		return false
	}
	for i := 0; i < len(token); i++ {
		if c := token[i]; !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}
