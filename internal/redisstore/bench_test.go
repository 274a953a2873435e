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
