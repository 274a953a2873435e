package redisstore_test

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// Many goroutines in two Stores mark the same people at the same stages:
// each person counts once per stage.
func TestFunnelCountsEachPersonOncePerStage(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	funnels := []*redisstore.Funnel{st.Funnel(), connect(t, srv, redisstore.Options{}).Funnel()}
	const people = 20
	var counted atomic.Int64
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			f := funnels[w%2]
			for p := range people {
				for _, stage := range bot.Stages[:3] {
					lang := bot.Lang("vi")
					if p%4 == 0 {
						lang = "en"
					}
					ok, err := f.Mark(ctx, tgChat(int64(p)).Key(), "sai_gon", lang, stage)
					if err != nil {
						t.Error(err)
						return
					}
					if ok {
						counted.Add(1)
					}
				}
			}
		})
	}
	wg.Wait()
	if n := counted.Load(); n != people*3 {
		t.Fatalf("%d marks counted, want %d", n, people*3)
	}
	// A person whose area is not known counts under "".
	if ok, err := st.Funnel().Mark(ctx, "tg:999", "", "ko", bot.StageActivated); err != nil || !ok {
		t.Fatalf("Mark without an area: %v, %v", ok, err)
	}
	counts, err := st.Funnel().Counts(ctx)
	want := []bot.FunnelCount{
		{Area: "", Lang: "ko", Stage: bot.StageActivated, Count: 1},
		{Area: "sai_gon", Lang: "en", Stage: bot.StageChecked, Count: 5},
		{Area: "sai_gon", Lang: "en", Stage: bot.StageEligible, Count: 5},
		{Area: "sai_gon", Lang: "en", Stage: bot.StageBooked, Count: 5},
		{Area: "sai_gon", Lang: "vi", Stage: bot.StageChecked, Count: 15},
		{Area: "sai_gon", Lang: "vi", Stage: bot.StageEligible, Count: 15},
		{Area: "sai_gon", Lang: "vi", Stage: bot.StageBooked, Count: 15},
	}
	if err != nil || !slices.Equal(counts, want) {
		t.Fatalf("Counts: %v, %v\nwant %v", counts, err, want)
	}
	stages, err := st.Funnel().Stages(ctx, "tg:3")
	if err != nil || !slices.Equal(stages, bot.Stages[:3]) {
		t.Fatalf("Stages: %v, %v", stages, err)
	}
}

func TestFunnelRejectsUnknownStages(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	for _, m := range []struct{ person, area, stage string }{
		{"tg:1", "sai_gon", "registered"}, {"", "sai_gon", bot.StageChecked}, {"tg:1", "a|b", bot.StageChecked},
	} {
		if _, err := st.Funnel().Mark(testCtx(t), m.person, m.area, "vi", m.stage); err == nil {
			t.Errorf("Mark(%q, %q, %q) succeeded", m.person, m.area, m.stage)
		}
	}
}
