package redisstore_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// BenchmarkSessionSave measures one compare-and-set of a realistic session
// (flow position, answers) over loopback.
func BenchmarkSessionSave(b *testing.B) {
	st, _ := open(b, redisstore.Options{})
	ctx := testCtx(b)
	s := bot.NewSession(tgChat(1), "vi", time.Now())
	s.Dialog = bot.Dialog{Flow: "eligibility", Step: "documents",
		Answers: map[string]string{"nation": "VN", "age": "34", "cccd": "chip"}}
	for b.Loop() {
		if err := st.Save(ctx, &s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaimFinish measures the idempotency bookkeeping of one update.
func BenchmarkClaimFinish(b *testing.B) {
	st, _ := open(b, redisstore.Options{})
	ctx, chat := testCtx(b), tgChat(1)
	var id int64
	for b.Loop() {
		id++
		if c, err := st.Claim(ctx, chat, id); err != nil || c != bot.ClaimNew {
			b.Fatalf("Claim = %v, %v", c, err)
		}
		if err := st.Finish(ctx, chat, id); err != nil {
			b.Fatal(err)
		}
	}
}
