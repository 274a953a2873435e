package redisstore_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func groupChat(id int64) bot.Chat {
	return bot.Chat{Channel: "tg", ID: strconv.FormatInt(id, 10), Kind: bot.ChatGroup}
}

// subscribe subscribes chat to area in lang, failing the test on error.
func subscribe(t testing.TB, subs *redisstore.Subscriptions, chat bot.Chat, area string, lang bot.Lang) {
	t.Helper()
	if err := subs.Subscribe(testCtx(t), bot.Subscriber{Chat: chat, Area: area, Lang: lang}); err != nil {
		t.Fatal(err)
	}
}

// verified fails the test when the counters or the audience disagree with
// the records.
func verified(t testing.TB, subs *redisstore.Subscriptions) {
	t.Helper()
	ms, err := subs.Verify(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		t.Error(m)
	}
}

// visit lists the chats Each visits.
func visit(t testing.TB, subs *redisstore.Subscriptions, area, kind string) []bot.Subscriber {
	t.Helper()
	var out []bot.Subscriber
	err := subs.Each(testCtx(t), area, kind, func(s bot.Subscriber) error {
		out = append(out, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSubscribeMovesTheSubscription(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	since := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	subs := st.Subscriptions().WithClock(func() time.Time { return since })

	subscribe(t, subs, tgChat(1), "tan_dinh", "vi")
	subscribe(t, subs, tgChat(1), "ben_thanh", "en") // moves
	subscribe(t, subs, tgChat(2), "ben_thanh", "en")
	subscribe(t, subs, tgChat(3), "ben_thanh", "vi")
	if err := subs.Subscribe(ctx, bot.Subscriber{Chat: groupChat(-100), Area: "ben_thanh", Lang: "vi", By: "tg:7"}); err != nil {
		t.Fatal(err)
	}
	got, found, err := subs.Subscription(ctx, tgChat(1))
	want := bot.Subscriber{Chat: tgChat(1), Area: "ben_thanh", Lang: "en", Since: since}
	if err != nil || !found || got.Chat != want.Chat || got.Area != want.Area || got.Lang != want.Lang || !got.Since.Equal(since) {
		t.Fatalf("Subscription: %+v, %v, %v", got, found, err)
	}
	counts, err := subs.Counts(ctx)
	wantCounts := []bot.AudienceCount{
		{Area: "ben_thanh", Lang: "en", Kind: bot.AudienceSubscribers, Chats: 2},
		{Area: "ben_thanh", Lang: "vi", Kind: bot.AudienceGroups, Chats: 1},
		{Area: "ben_thanh", Lang: "vi", Kind: bot.AudienceSubscribers, Chats: 1},
	}
	if err != nil || !slices.Equal(counts, wantCounts) {
		t.Fatalf("Counts: %v, %v\nwant %v", counts, err, wantCounts)
	}
	groups := visit(t, subs, "ben_thanh", bot.AudienceGroups)
	if len(groups) != 1 || groups[0].Chat != groupChat(-100) || groups[0].By != "tg:7" {
		t.Fatalf("groups: %+v", groups)
	}
	if people := visit(t, subs, "tan_dinh", bot.AudienceSubscribers); len(people) != 0 {
		t.Fatalf("the old area still lists %+v", people)
	}

	for i, want := range []bool{true, false} {
		if had, err := subs.Unsubscribe(ctx, tgChat(1)); err != nil || had != want {
			t.Fatalf("Unsubscribe #%d: %v, %v; want %v", i+1, had, err, want)
		}
	}
	if _, found, err := subs.Subscription(ctx, tgChat(1)); err != nil || found {
		t.Fatalf("subscription survived Unsubscribe: %v, %v", found, err)
	}
	verified(t, subs)
	if err := subs.Each(ctx, "ben_thanh", bot.AudienceAppointments, func(bot.Subscriber) error { return nil }); err == nil {
		t.Fatal("Each accepted the appointments audience")
	}
	if err := subs.Subscribe(ctx, bot.Subscriber{Chat: tgChat(9), Area: ""}); err == nil || errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Subscribe without an area: %v", err)
	}
}

func TestEachVisitsEveryChatOnceWhileOthersComeAndGo(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, subs := testCtx(t), st.Subscriptions()
	const n = 20_000
	langs := []bot.Lang{"vi", "en", "zh", "ko"}
	parallel(t, 16, n, func(i int) error {
		return subs.Subscribe(ctx, bot.Subscriber{Chat: tgChat(int64(i + 1)), Area: "tan_thuan", Lang: langs[i%4]})
	})
	// Neighbours in the index that Each must not visit.
	subscribe(t, subs, tgChat(n+1), "tan_thuan_2", "vi")
	subscribe(t, subs, groupChat(-5), "tan_thuan", "vi")
	subscribe(t, subs, tgChat(n+2), "tan", "vi")

	// While Each runs, other chats join and leave the same audience.
	churn := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := int64(0); ; i++ {
			select {
			case <-churn:
				return
			default:
			}
			chat := tgChat(n + 100 + (i/2)%500) // subscribes, then unsubscribes
			var err error
			if i%2 == 0 {
				err = subs.Subscribe(ctx, bot.Subscriber{Chat: chat, Area: "tan_thuan", Lang: "vi"})
			} else {
				_, err = subs.Unsubscribe(ctx, chat)
			}
			if err != nil {
				t.Error(err) // not Fatal: this is not the test's goroutine
				return
			}
		}
	})
	seen := map[string]int{}
	var order []string
	err := subs.Each(ctx, "tan_thuan", bot.AudienceSubscribers, func(s bot.Subscriber) error {
		seen[s.Chat.ID]++
		order = append(order, s.Chat.Key())
		if s.Area != "tan_thuan" || s.Chat.Kind != bot.ChatPrivate {
			t.Errorf("visited %+v", s)
		}
		return nil
	})
	close(churn)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	for i := int64(1); i <= n; i++ {
		if seen[uid(i)] != 1 {
			t.Fatalf("chat %d visited %d times", i, seen[uid(i)])
		}
	}
	for id, c := range seen {
		if v, err := strconv.ParseInt(id, 10, 64); c != 1 || err != nil || v > n+600 {
			t.Fatalf("chat %s visited %d times", id, c)
		}
	}
	if !slices.IsSorted(order) {
		t.Fatal("Each did not visit in chat key order")
	}
	verified(t, subs)

	stop := errors.New("stop")
	visited := 0
	err = subs.Each(ctx, "tan_thuan", bot.AudienceSubscribers, func(bot.Subscriber) error {
		if visited++; visited == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || visited != 3 {
		t.Fatalf("Each after fn failed: %v after %d chats", err, visited)
	}
}

// parallel runs fn(0..n-1) on workers goroutines and fails the test on the
// first error.
func parallel(t testing.TB, workers, n int, fn func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if err := fn(i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
}

// Many goroutines subscribe, move, unsubscribe and migrate a small set of
// chats at once; the counters must still equal the records.
func TestConcurrentSubscriptionsKeepCountersTrue(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	stores := []*redisstore.Subscriptions{st.Subscriptions(), connect(t, srv, redisstore.Options{}).Subscriptions()}
	areas := []string{"sai_gon", "ben_thanh", "tan_dinh"}
	langs := []bot.Lang{"vi", "en"}
	chat := func(r *rand.Rand) bot.Chat {
		if id := r.Int64N(30); id < 20 {
			return tgChat(id + 1)
		} else {
			return groupChat(-(id + 1))
		}
	}
	parallel(t, 12, 12, func(w int) error {
		r := rand.New(rand.NewPCG(uint64(w), 1))
		subs := stores[w%2]
		for range 400 {
			var err error
			switch c := chat(r); r.IntN(4) {
			case 0, 1:
				err = subs.Subscribe(ctx, bot.Subscriber{Chat: c, Area: areas[r.IntN(3)], Lang: langs[r.IntN(2)]})
			case 2:
				_, err = subs.Unsubscribe(ctx, c)
			default:
				err = subs.Migrate(ctx, c, groupChat(-(21 + r.Int64N(10))))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	subs := stores[0]
	verified(t, subs)
	counts, err := subs.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[bot.AudienceCount]int{}
	for _, a := range areas {
		for _, kind := range []string{bot.AudienceSubscribers, bot.AudienceGroups} {
			for _, s := range visit(t, subs, a, kind) {
				want[bot.AudienceCount{Area: a, Lang: s.Lang, Kind: kind}]++
			}
		}
	}
	if len(counts) != len(want) {
		t.Fatalf("Counts %v, Each found %v", counts, want)
	}
	for _, c := range counts {
		n := c.Chats
		c.Chats = 0
		if want[c] != n {
			t.Errorf("%+v: Counts says %d, Each visits %d", c, n, want[c])
		}
	}
}

func TestMigrateMovesAGroupRegistration(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, subs := testCtx(t), st.Subscriptions()
	since := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	old, super := groupChat(-100), groupChat(-1001234567890)
	if err := subs.Subscribe(ctx, bot.Subscriber{Chat: old, Area: "thanh_an", Lang: "vi", By: "tg:7", Since: since}); err != nil {
		t.Fatal(err)
	}
	before, err := subs.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second finds nothing to move
		if err := subs.Migrate(ctx, old, super); err != nil {
			t.Fatal(err)
		}
	}
	if _, found, err := subs.Subscription(ctx, old); err != nil || found {
		t.Fatalf("the old chat is still registered: %v, %v", found, err)
	}
	got, found, err := subs.Subscription(ctx, super)
	if err != nil || !found || got.Chat != super || got.Area != "thanh_an" || got.Lang != "vi" || got.By != "tg:7" || !got.Since.Equal(since) {
		t.Fatalf("new registration: %+v, %v, %v", got, found, err)
	}
	after, err := subs.Counts(ctx)
	if err != nil || !slices.Equal(before, after) {
		t.Fatalf("counts changed: %v → %v, %v", before, after, err)
	}
	groups := visit(t, subs, "thanh_an", bot.AudienceGroups)
	if len(groups) != 1 || groups[0].Chat != super {
		t.Fatalf("groups: %+v", groups)
	}

	// A supergroup registered on its own keeps its registration.
	subscribe(t, subs, groupChat(-200), "sai_gon", "vi")
	subscribe(t, subs, groupChat(-1002), "tan_dinh", "en")
	if err := subs.Migrate(ctx, groupChat(-200), groupChat(-1002)); err != nil {
		t.Fatal(err)
	}
	if got, found, err := subs.Subscription(ctx, groupChat(-1002)); err != nil || !found || got.Area != "tan_dinh" {
		t.Fatalf("the supergroup's own registration was replaced: %+v, %v, %v", got, found, err)
	}
	if _, found, err := subs.Subscription(ctx, groupChat(-200)); err != nil || found {
		t.Fatalf("the old group is still registered: %v, %v", found, err)
	}
	verified(t, subs)
}

func TestMigrateOfAnUnknownChatDoesNothing(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	if err := st.Subscriptions().Migrate(testCtx(t), groupChat(-1), groupChat(-2)); err != nil {
		t.Fatal(err)
	}
	if n := val(t, srv.Client().DBSize(testCtx(t))); n != 0 {
		t.Fatalf("Migrate of nothing wrote %d keys", n)
	}
}
