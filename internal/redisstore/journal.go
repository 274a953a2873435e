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

// Journal keys, besides the session and update keys (see keys.go):
//
//	<prefix>:{<chat>}:out:<update>   list    the replies the update produced, as JSON
//	<prefix>:{<chat>}:sent:<update>  string  how many of them were delivered
//
// Both live only until the update is settled, at most DoneTTL.

func (st *Store) outboxKey(chat bot.Chat, id string) string { return st.owner(chat) + ":out:" + id }

func (st *Store) sentKey(chat bot.Chat, id string) string { return st.owner(chat) + ":sent:" + id }

// sessionLua reads a session record in either of its forms: the
// compact string "<version>|<write id>|<schema>|<JSON>" every write
// stores now, or the hash (fields v, w, s, d) written before, which a
// record keeps until its next write. It returns the four parts, or nil
// when there is no record.
const sessionLua = `
local function session(key)
  if redis.call('TYPE', key).ok == 'hash' then
    local h = redis.call('HMGET', key, 'v', 'w', 's', 'd')
    return h[1] or nil, h[2] or nil, h[3] or nil, h[4] or nil
  end
  local raw = redis.call('GET', key)
  if not raw then
    return nil
  end
  return string.match(raw, '^(%d+)|([^|]*)|(%d+)|(.*)$')
end
`

// doneLua reports whether update id is marked done in the chat's done
// set (KEYS[n] given), or by the marker an older eidbot left on the
// update key itself ("done").
const doneLua = `
local function done(set, id)
  return redis.call('ZSCORE', set, id) ~= false
end
`

// beginScript claims the update (SET NX, recognising its own token when
// go-redis resends the script) and, when the claim is new, returns the
// session record with it: one round trip where a claim and a load would
// take two.
//
// KEYS[1] the update key, KEYS[2] the session, KEYS[3] the done set.
// ARGV: claim token, in-progress TTL in ms, update id.
var beginScript = redis.NewScript(sessionLua + doneLua + `
if done(KEYS[3], ARGV[3]) then
  return {'done'}
end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local cur = redis.call('GET', KEYS[1])
  if cur == 'done' then
    return {'done'}
  elseif cur ~= ARGV[1] then
    return {'busy'}
  end
end
local v, _, _, d = session(KEYS[2])
return {'new', v or false, d or false}
`)

// commitScript is the compare-and-set of a session record, optionally with
// an update's outbox and claim, all in one atomic step:
//
//   - Save passes only the session (KEYS[1]);
//   - Commit adds the outbox list (KEYS[2]) of an update it already claimed;
//   - Try adds the update key (KEYS[3]) and the done set (KEYS[4]) too:
//     the update is claimed here, and nothing is written when it is done
//     or held elsewhere.
//
// ARGV: expected version (0 = absent), session JSON, session TTL ms, write
// id, schema of the JSON, outbox TTL ms, claim token, claim TTL ms, update
// id, then one JSON reply per argument. The record is written in the
// compact string form (sessionLua), whatever form it had.
//
// The write id makes the script idempotent: when go-redis resends it after
// a reply was lost, the record already holds version+1 from this very
// write, and the script reports success instead of a false conflict.
var commitScript = redis.NewScript(sessionLua + doneLua + `
local cv, cw, cs = session(KEYS[1])
local v = tonumber(cv) or 0
local want = tonumber(ARGV[1])
if v == want + 1 and cw == ARGV[4] then
  return 'ok'
end
if KEYS[3] then
  if done(KEYS[4], ARGV[9]) then
    return 'done'
  end
  local upd = redis.call('GET', KEYS[3])
  if upd == 'done' then
    return 'done'
  elseif upd then
    return 'busy'
  end
end
if v ~= want then
  return 'conflict'
end
if (tonumber(cs) or 0) > tonumber(ARGV[5]) then
  return 'newer'
end
if KEYS[3] then
  redis.call('SET', KEYS[3], ARGV[7], 'PX', ARGV[8])
end
redis.call('SET', KEYS[1], (v + 1) .. '|' .. ARGV[4] .. '|' .. ARGV[5] .. '|' .. ARGV[2], 'PX', ARGV[3])
if KEYS[2] then
  redis.call('DEL', KEYS[2])
  if #ARGV > 9 then
    redis.call('RPUSH', KEYS[2], unpack(ARGV, 10))
    redis.call('PEXPIRE', KEYS[2], ARGV[6])
  end
end
return 'ok'
`)

// settleScript records delivery progress and, once everything is
// delivered, drops the outbox and the claim and marks the update done in
// the chat's done set, whose entries live DoneTTL: the set is trimmed of
// older ones and lives DoneTTL past its newest. The count only grows, so
// a resent script changes nothing.
//
// KEYS[1] outbox, KEYS[2] sent counter, KEYS[3] update key, KEYS[4] done
// set. ARGV: replies delivered so far (from the first), TTL in ms of the
// counter and the done mark, update id, now in unix ms.
var settleScript = redis.NewScript(`
local n = tonumber(ARGV[1])
if n < redis.call('LLEN', KEYS[1]) then
  if n > (tonumber(redis.call('GET', KEYS[2])) or 0) then
    redis.call('SET', KEYS[2], n, 'PX', ARGV[2])
  end
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
local now = tonumber(ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', string.format('(%d', now - tonumber(ARGV[2])))
redis.call('PEXPIRE', KEYS[4], ARGV[2])
return 1
`)

// Begin claims update id of chat and loads the chat's session with it.
func (st *Store) Begin(ctx context.Context, chat bot.Chat, id string) (bot.Claim, bot.Session, bool, error) {
	key := st.updateKey(chat, id)
	token := "c:" + rand.Text()
	res, err := beginScript.Run(ctx, st.rdb, []string{key, st.sessionKey(chat), st.doneKey(chat)}, token, st.opts.ClaimTTL.Milliseconds(), id).Slice()
	if err != nil {
		// The script may have run, its answer lost: a claim nobody
		// holds would turn the update's retries away until ClaimTTL.
		st.releaseLater(key, token)
		return 0, bot.Session{}, false, unavailable(fmt.Sprintf("begin update %s of %s", id, chat.Key()), err)
	}
	switch res[0] {
	case "done":
		return bot.ClaimDone, bot.Session{}, false, nil
	case "busy":
		return bot.ClaimBusy, bot.Session{}, false, nil
	}
	st.claims.hold(key, token)
	if len(res) < 3 || res[1] == nil && res[2] == nil {
		return bot.ClaimNew, bot.Session{Chat: chat}, false, nil
	}
	s, err := decodeSession(res[1], res[2])
	if err != nil {
		st.Release(context.WithoutCancel(ctx), chat, id)
		return 0, bot.Session{}, false, fmt.Errorf("redisstore: session of %s: %w", chat.Key(), err)
	}
	return bot.ClaimNew, s, true, nil
}

// Commit stores s by compare-and-set together with the replies of update
// id as its outbox.
func (st *Store) Commit(ctx context.Context, s *bot.Session, id string, replies []bot.Reply) error {
	_, err := st.commit(ctx, s, id, []string{st.outboxKey(s.Chat, id)}, replies, "")
	return err
}

// commit runs commitScript with the session key and extra keys (outbox,
// update, done set, which token claims) for update id, and maps its
// answer: "ok", "done" or "busy".
func (st *Store) commit(ctx context.Context, s *bot.Session, id string, extra []string, replies []bot.Reply, token string) (string, error) {
	data, err := encodeCommit(s, replies)
	if err != nil {
		return "", err
	}
	args := append([]any{s.Version, data[0], st.opts.SessionTTL.Milliseconds(), writeID(), bot.SessionSchema,
		st.opts.DoneTTL.Milliseconds(), token, st.opts.ClaimTTL.Milliseconds(), id}, data[1:]...)
	keys := append([]string{st.sessionKey(s.Chat)}, extra...)
	res, err := commitScript.Run(ctx, st.batch, keys, args...).Text()
	switch {
	case err != nil:
		return "", unavailable("commit session of "+s.Chat.Key(), err)
	case res == "conflict":
		return "", bot.ErrConflict
	case res == "newer":
		return "", fmt.Errorf("redisstore: session of %s: %w", s.Chat.Key(), ErrNewerSchema)
	case res == "done" || res == "busy":
		return res, nil
	}
	s.Version, s.Schema = s.Version+1, bot.SessionSchema
	return "ok", nil
}

// Pending returns the replies of update id and how many were delivered.
func (st *Store) Pending(ctx context.Context, chat bot.Chat, id string) ([]bot.Reply, int, error) {
	pipe := st.rdb.Pipeline()
	list := pipe.LRange(ctx, st.outboxKey(chat, id), 0, -1)
	sent := pipe.Get(ctx, st.sentKey(chat, id))
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, 0, unavailable(fmt.Sprintf("pending replies of update %s of %s", id, chat.Key()), err)
	}
	replies := make([]bot.Reply, 0, len(list.Val()))
	for _, raw := range list.Val() {
		var r bot.Reply
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return nil, 0, fmt.Errorf("redisstore: decoding a reply of update %s of %s: %w", id, chat.Key(), err)
		}
		replies = append(replies, r)
	}
	n, _ := sent.Int()
	return replies, n, nil
}

// Settle records that the first n replies of update id were delivered and
// marks the update done once all are.
func (st *Store) Settle(ctx context.Context, chat bot.Chat, id string, n int) error {
	key := st.updateKey(chat, id)
	keys := []string{st.outboxKey(chat, id), st.sentKey(chat, id), key, st.doneKey(chat)}
	done, err := settleScript.Run(ctx, st.batch, keys, n, st.opts.DoneTTL.Milliseconds(), id, time.Now().UnixMilli()).Int()
	if err != nil {
		return unavailable(fmt.Sprintf("settle update %s of %s", id, chat.Key()), err)
	}
	if done == 1 {
		st.claims.drop(key)
	}
	return nil
}

// Try claims update id and commits s with its replies in one round trip,
// when s is still the stored version.
func (st *Store) Try(ctx context.Context, s *bot.Session, id string, replies []bot.Reply) (bot.Claim, error) {
	key := st.updateKey(s.Chat, id)
	token := "c:" + rand.Text()
	res, err := st.commit(ctx, s, id, []string{st.outboxKey(s.Chat, id), key, st.doneKey(s.Chat)}, replies, token)
	switch {
	case errors.Is(err, bot.ErrUnavailable):
		// As in Begin: the claim may be in Redis with nobody to release it.
		st.releaseLater(key, token)
		return 0, err
	case err != nil:
		return 0, err
	case res == "done":
		return bot.ClaimDone, nil
	case res == "busy":
		return bot.ClaimBusy, nil
	}
	st.claims.hold(key, token)
	return bot.ClaimNew, nil
}

// encodeCommit encodes a session record and its replies as script
// arguments: the session JSON first, then one JSON per reply.
func encodeCommit(s *bot.Session, replies []bot.Reply) ([]any, error) {
	if s.Chat.Channel == "" {
		return nil, errors.New("redisstore: commit: session has no chat")
	}
	rec := *s
	rec.Schema = bot.SessionSchema
	data, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("redisstore: encoding session of %s: %w", s.Chat.Key(), err)
	}
	out := []any{data}
	for i := range replies {
		b, err := json.Marshal(&replies[i])
		if err != nil {
			return nil, fmt.Errorf("redisstore: encoding a reply to %s: %w", s.Chat.Key(), err)
		}
		out = append(out, b)
	}
	return out, nil
}

// writeID tells this write of a session record from any other, so that a
// resent commit recognises its own write: 60 random bits are plenty for
// that and keep the record short.
func writeID() string { return rand.Text()[:12] }
