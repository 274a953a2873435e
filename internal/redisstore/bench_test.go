package redisstore_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// BenchmarkSessionSave measures one compare-and-set of a realistic session
// (flow position, answers, a pending reply) over loopback.
func BenchmarkSessionSave(b *testing.B) {
	st, _ := open(b, redisstore.Options{})
	ctx := testCtx(b)
	s := bot.NewSession(tgChat(1), "vi", time.Now())
	s.Dialog = bot.Dialog{Flow: "eligibility", Step: "documents",
		Answers: map[string]string{"nation": "VN", "age": "34", "cccd": "chip"}}
	s.Outbox = []bot.Outgoing{{Update: 1, Reply: bot.Reply{Kind: bot.ReplyText, Chat: s.Chat,
		Text: "Bạn cần mang theo <b>căn cước gắn chip</b> và số điện thoại chính chủ."}}}
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
