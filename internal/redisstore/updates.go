package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/redis/go-redis/v9"
)

// releaseScript deletes the update key only while it still holds our
// claim: a late Release must neither erase a "done" marker (as an older
// eidbot left on the key) nor the claim another worker took after ours
// expired.
//
// KEYS[1] the update key. ARGV[1] our claim token.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// Release gives up this Store's in-progress claim after a failure, so the
// channel's retry is processed at once. It does nothing when the update is
// done, when the claim expired and another worker holds it now, or when
// this Store holds no claim for it (a claim left behind that way expires
// after ClaimTTL).
func (st *Store) Release(ctx context.Context, chat bot.Chat, id string) error {
	key := st.updateKey(chat, id)
	token, ok := st.claims.drop(key)
	if !ok {
		return nil
	}
	err := releaseScript.Run(ctx, st.rdb, []string{key}, token).Err()
	if err != nil {
		st.releaseLater(key, token)
	}
	return unavailable(fmt.Sprintf("release update %s of %s", id, chat.Key()), err)
}

// releaseLater keeps trying to release a claim whose Release failed (Redis
// unreachable, a failover under way), every releaseRetry until it works,
// the claim would have expired anyway, or the Store closes. Without it a
// claim that survived a failover would make every retry of its update
// answer 503 "in progress" until ClaimTTL ran out.
func (st *Store) releaseLater(key, token string) {
	st.background.Go(func() {
		until := time.Now().Add(st.opts.ClaimTTL)
		tick := time.NewTicker(releaseRetry)
		defer tick.Stop()
		for time.Now().Before(until) {
			select {
			case <-st.closing:
				return
			case <-tick.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), readTimeout)
			err := releaseScript.Run(ctx, st.rdb, []string{key}, token).Err()
			cancel()
			if err == nil {
				return
			}
		}
	})
}

// releaseRetry is how often releaseLater tries again.
const releaseRetry = 250 * time.Millisecond
