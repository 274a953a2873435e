package redisstore_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestEmbeddedServesTheSameAPI(t *testing.T) {
	st, err := redisstore.Embedded(redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !st.Embedded() {
		t.Fatal("Embedded() = false for an embedded store")
	}
	ctx := testCtx(t)
	for range 3 {
		if err := increment(ctx, st, tgChat(1)); err != nil {
			t.Fatal(err)
		}
	}
	s, found, err := st.Load(ctx, tgChat(1))
	if err != nil || !found || s.Case.Days != 3 || s.Version != 3 {
		t.Fatalf("Load = days %d, version %d, found %v, err %v", s.Case.Days, s.Version, found, err)
	}
	expectClaim(t, st, tgChat(1), 1, bot.ClaimNew)
	expectClaim(t, st, tgChat(1), 1, bot.ClaimBusy)
	if err := st.Release(ctx, tgChat(1), "1"); err != nil {
		t.Fatal(err)
	}
	expectClaim(t, st, tgChat(1), 1, bot.ClaimNew)
}

// TTLs in the embedded server run down with the wall clock, as in Redis.
func TestEmbeddedTTLExpiresInRealTime(t *testing.T) {
	const ttl = time.Second
	st, err := redisstore.Embedded(redisstore.Options{SessionTTL: ttl})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := testCtx(t)
	if err := st.SetBlocked(ctx, tgChat(1), true); err != nil {
		t.Fatal(err)
	}
	if blocked, err := st.IsBlocked(ctx, tgChat(1)); err != nil || !blocked {
		t.Fatalf("right after SetBlocked IsBlocked = %v, %v; want true", blocked, err)
	}
	// The TTL running out on the embedded server's clock is what is tested,
	// so the test lets it pass; there is no event to wait for instead.
	time.Sleep(ttl + 100*time.Millisecond) // past the TTL, whatever the machine's speed
	if blocked, err := st.IsBlocked(ctx, tgChat(1)); err != nil || blocked {
		t.Fatalf("after the TTL passed IsBlocked = %v, %v; want false", blocked, err)
	}
}

func TestOpenedStoreIsNotEmbedded(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	if st.Embedded() {
		t.Fatal("Embedded() = true for a store opened on a URL")
	}
}
