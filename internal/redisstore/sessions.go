package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// ErrNewerSchema is returned by Load (and Save) when the stored session was
// written by a newer eidbot with a schema this binary does not know. The
// record is left alone: decoding it would silently drop the fields this
// binary has never heard of, and saving would then erase them.
var ErrNewerSchema = errors.New("redisstore: session written with a newer schema")

// loadScript reads the version and JSON of a session record in either
// form (sessionLua).
//
// KEYS[1] the session.
var loadScript = redis.NewScript(sessionLua + `
local v, _, _, d = session(KEYS[1])
return {v or false, d or false}
`)

// Load returns the chat's session. With no record it returns a session
// holding only Chat, with Version 0 and found=false.
func (st *Store) Load(ctx context.Context, chat bot.Chat) (bot.Session, bool, error) {
	vals, err := loadScript.Run(ctx, st.rdb, []string{st.sessionKey(chat)}).Slice()
	if err != nil {
		return bot.Session{}, false, unavailable("load session of "+chat.Key(), err)
	}
	if vals[0] == nil && vals[1] == nil {
		return bot.Session{Chat: chat}, false, nil
	}
	s, err := decodeSession(vals[0], vals[1])
	if err != nil {
		return bot.Session{}, false, fmt.Errorf("redisstore: session of %s: %w", chat.Key(), err)
	}
	return s, true, nil
}

// decodeSession turns a record's version v and JSON d into a Session, refusing a
// schema newer than bot.SessionSchema.
func decodeSession(v, d any) (bot.Session, error) {
	vs, ok1 := v.(string)
	ds, ok2 := d.(string)
	if !ok1 || !ok2 {
		return bot.Session{}, errors.New("record lacks its version or data")
	}
	var head struct {
		Schema int `json:"s"`
		Legacy int `json:"schema"` // schema 1 wrote the long name
	}
	if err := json.Unmarshal([]byte(ds), &head); err != nil {
		return bot.Session{}, fmt.Errorf("decoding: %w", err)
	}
	if schema := max(head.Schema, head.Legacy); schema > bot.SessionSchema {
		return bot.Session{}, fmt.Errorf("%w: schema %d, this binary knows up to %d",
			ErrNewerSchema, schema, bot.SessionSchema)
	}
	var s bot.Session
	if err := json.Unmarshal([]byte(ds), &s); err != nil {
		return bot.Session{}, fmt.Errorf("decoding: %w", err)
	}
	ver, err := strconv.ParseInt(vs, 10, 64)
	if err != nil || ver < 1 {
		return bot.Session{}, fmt.Errorf("bad version %q", vs)
	}
	s.Version = ver
	return s, nil
}

// Save stores s if the stored version still equals s.Version (0: no record
// may exist), refreshes the record's TTL, and sets s.Version and s.Schema to
// what was stored. Otherwise it returns bot.ErrConflict and stores nothing.
func (st *Store) Save(ctx context.Context, s *bot.Session) error {
	_, err := st.commit(ctx, s, "", nil, nil, "")
	return err
}
