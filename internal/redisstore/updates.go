package redisstore

import (
	"context"
	"fmt"
	"maps"
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

// releaseLater queues a claim for release in the background: one whose
// Release failed (Redis unreachable, a failover under way), or one whose
// claiming write failed and so may or may not have run (Begin, Try: a
// lost answer). Without it such a claim would turn away every retry of its
// update ("in progress", 503) until ClaimTTL ran out, long after Redis was
// back. One loop per Store retries the queue every releaseRetry: a try
// that fails ends the round (Redis is still away), so an outage costs one
// attempt per round, however many claims wait; the first round after
// Redis answers again releases them all. A claim leaves the queue when it
// is released (or, its token not being there, had never been written or
// was taken over), when it would have expired anyway, or when the Store
// closes.
func (st *Store) releaseLater(key, token string) {
	st.pendingMu.Lock()
	defer st.pendingMu.Unlock()
	select {
	case <-st.closing: // Close waits for background work: start none now
		return
	default:
	}
	st.pending[queuedClaim{key: key, token: token}] = time.Now().Add(st.opts.ClaimTTL)
	if !st.releasing {
		st.releasing = true
		st.background.Go(st.releaseLoop)
	}
}

// queuedClaim is a claim releaseLater is to release: an update key and
// the token that claimed it.
type queuedClaim struct{ key, token string }

// releaseLoop runs rounds of releasePending until the queue is empty or
// the Store closes.
func (st *Store) releaseLoop() {
	tick := time.NewTicker(releaseRetry)
	defer tick.Stop()
	for {
		select {
		case <-st.closing:
			return
		case <-tick.C:
		}
		st.releasePending()
		st.pendingMu.Lock()
		if len(st.pending) == 0 {
			st.releasing = false
			st.pendingMu.Unlock()
			return
		}
		st.pendingMu.Unlock()
	}
}

// releasePending tries to release every queued claim, stopping at the
// first failure.
func (st *Store) releasePending() {
	st.pendingMu.Lock()
	queue := maps.Clone(st.pending)
	st.pendingMu.Unlock()
	now := time.Now()
	for c, until := range queue {
		if now.Before(until) {
			ctx, cancel := context.WithTimeout(context.Background(), readTimeout)
			err := releaseScript.Run(ctx, st.rdb, []string{c.key}, c.token).Err()
			cancel()
			if err != nil {
				return
			}
		}
		st.pendingMu.Lock()
		delete(st.pending, c)
		st.pendingMu.Unlock()
	}
}

// releaseRetry is how often releaseLater tries again.
const releaseRetry = 250 * time.Millisecond
