package redisstore

import (
	"context"
	"crypto/rand"
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

// Results of saveScript besides the new version.
const (
	saveConflict    = -1
	saveNewerSchema = -2
)

// saveScript is the compare-and-set of a session record.
//
// KEYS[1] the session hash. ARGV: expected version (0 = absent), JSON,
// TTL in ms, write id, schema of the JSON.
//
// The write id makes the script idempotent: when go-redis resends it after
// a reply was lost, the record already holds version+1 from this very
// write, and the script reports success instead of a false conflict.
var saveScript = redis.NewScript(`
local cur = redis.call('HMGET', KEYS[1], 'v', 'w', 's')
local v = tonumber(cur[1]) or 0
local want = tonumber(ARGV[1])
if v ~= want then
  if v == want + 1 and cur[2] == ARGV[4] then
    return v
  end
  return -1
end
if (tonumber(cur[3]) or 0) > tonumber(ARGV[5]) then
  return -2
end
redis.call('HSET', KEYS[1], 'v', v + 1, 'd', ARGV[2], 'w', ARGV[4], 's', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return v + 1
`)

// Load returns the chat's session. With no record it returns a session
// holding only Chat, with Version 0 and found=false.
func (st *Store) Load(ctx context.Context, chat bot.Chat) (bot.Session, bool, error) {
	vals, err := st.rdb.HMGet(ctx, st.sessionKey(chat), "v", "d").Result()
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

// decodeSession turns the hash fields v and d into a Session, refusing a
// schema newer than bot.SessionSchema.
func decodeSession(v, d any) (bot.Session, error) {
	vs, ok1 := v.(string)
	ds, ok2 := d.(string)
	if !ok1 || !ok2 {
		return bot.Session{}, errors.New("record lacks its version or data")
	}
	var head struct {
		Schema int `json:"schema"`
	}
	if err := json.Unmarshal([]byte(ds), &head); err != nil {
		return bot.Session{}, fmt.Errorf("decoding: %w", err)
	}
	if head.Schema > bot.SessionSchema {
		return bot.Session{}, fmt.Errorf("%w: schema %d, this binary knows up to %d",
			ErrNewerSchema, head.Schema, bot.SessionSchema)
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
	if s.Chat.Channel == "" {
		return errors.New("redisstore: save: session has no chat")
	}
	rec := *s
	rec.Schema = bot.SessionSchema // this binary writes the layout it knows
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("redisstore: encoding session of %s: %w", s.Chat.Key(), err)
	}
	keys := []string{st.sessionKey(s.Chat)}
	res, err := saveScript.Run(ctx, st.rdb, keys, s.Version, data,
		st.opts.SessionTTL.Milliseconds(), rand.Text(), bot.SessionSchema).Int64()
	switch {
	case err != nil:
		return unavailable("save session of "+s.Chat.Key(), err)
	case res == saveConflict:
		return bot.ErrConflict
	case res == saveNewerSchema:
		return fmt.Errorf("redisstore: session of %s: %w", s.Chat.Key(), ErrNewerSchema)
	}
	s.Version, s.Schema = res, bot.SessionSchema
	return nil
}
