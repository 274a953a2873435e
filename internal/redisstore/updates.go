package redisstore

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// doneMark is the value of an update key once the update is finished.
// Claim tokens start with "c:", so none can equal it.
const doneMark = "done"

// claimScript is SET NX PX, plus reading the holder when the key exists.
//
// KEYS[1] the update key. ARGV: claim token, in-progress TTL in ms.
//
// Finding our own token means go-redis resent the script after the reply to
// the first attempt was lost; that attempt did claim the update.
var claimScript = redis.NewScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 'new'
end
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then
  return 'new'
end
if cur == 'done' then
  return 'done'
end
return 'busy'
`)

// releaseScript deletes the update key only while it still holds our
// claim: a late Release must neither erase the "done" marker nor the claim
// another worker took after ours expired.
//
// KEYS[1] the update key. ARGV[1] our claim token.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// Claim marks update id of chat as in progress for ClaimTTL. It returns
// bot.ClaimDone when the update was already finished, bot.ClaimBusy when a
// worker (in this or another process) holds it, and bot.ClaimNew when the
// caller now holds it and must call Finish or Release.
func (st *Store) Claim(ctx context.Context, chat bot.Chat, id int64) (bot.Claim, error) {
	key := st.updateKey(chat, id)
	token := "c:" + rand.Text()
	res, err := claimScript.Run(ctx, st.rdb, []string{key}, token, st.opts.ClaimTTL.Milliseconds()).Text()
	if err != nil {
		return 0, unavailable(fmt.Sprintf("claim update %d of %s", id, chat.Key()), err)
	}
	switch res {
	case "new":
		st.claims.hold(key, token)
		return bot.ClaimNew, nil
	case "done":
		return bot.ClaimDone, nil
	case "busy":
		return bot.ClaimBusy, nil
	}
	return 0, fmt.Errorf("redisstore: claim update %d of %s: unexpected reply %q", id, chat.Key(), res)
}

// Finish marks the update done for DoneTTL, so duplicates are acknowledged
// without being processed. It does not check the claim token: Finish is
// called after the update's effects were committed, and that is true even
// if this worker's claim expired and another worker took over meanwhile.
func (st *Store) Finish(ctx context.Context, chat bot.Chat, id int64) error {
	key := st.updateKey(chat, id)
	st.claims.drop(key)
	err := st.rdb.Set(ctx, key, doneMark, st.opts.DoneTTL).Err()
	return unavailable(fmt.Sprintf("finish update %d of %s", id, chat.Key()), err)
}

// Release gives up this Store's in-progress claim after a failure, so the
// channel's retry is processed at once. It does nothing when the update is
// done, when the claim expired and another worker holds it now, or when
// this Store holds no claim for it (a claim left behind that way expires
// after ClaimTTL).
func (st *Store) Release(ctx context.Context, chat bot.Chat, id int64) error {
	key := st.updateKey(chat, id)
	token, ok := st.claims.drop(key)
	if !ok {
		return nil
	}
	err := releaseScript.Run(ctx, st.rdb, []string{key}, token).Err()
	return unavailable(fmt.Sprintf("release update %d of %s", id, chat.Key()), err)
}
