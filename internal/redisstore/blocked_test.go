package redisstore_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestBlocked(t *testing.T) {
	ttl := 72 * time.Hour
	st, srv := open(t, redisstore.Options{SessionTTL: ttl})
	ctx, chat := testCtx(t), tgChat(1)

	isBlocked := func(want bool) {
		t.Helper()
		got, err := st.IsBlocked(ctx, chat)
		if err != nil || got != want {
			t.Fatalf("IsBlocked = %v, %v; want %v", got, err, want)
		}
	}
	isBlocked(false)
	if err := st.SetBlocked(ctx, chat, true); err != nil {
		t.Fatal(err)
	}
	isBlocked(true)
	assertTTL(t, val(t, srv.Client().PTTL(ctx, "eid:{tg:1}:blocked")), ttl)
	if got, err := st.IsBlocked(ctx, tgChat(2)); err != nil || got {
		t.Fatalf("another chat reads as blocked: %v, %v", got, err)
	}
	if err := st.SetBlocked(ctx, chat, false); err != nil {
		t.Fatal(err)
	}
	isBlocked(false)
}
