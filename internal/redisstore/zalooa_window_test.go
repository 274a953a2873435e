package redisstore_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

// Two processes reserving for one user at once never get more than the
// window's 8 sends in all; a repeated Opened for the same message gives
// nothing back; a newer message opens a fresh window; a window runs out.
func TestZaloOAWindowNeverAllowsANinth(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	ctx := testCtx(t)
	w1, _ := st.ZaloOAWindows("oa1")
	w2, _ := other.ZaloOAWindows("oa1")
	chat := oaChat("8412345678901234567")
	t0 := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	if got, _, err := w1.Reserve(ctx, chat, 1, 8, 48*time.Hour, t0); err != nil || got != 0 {
		t.Fatalf("before the user wrote: %d, %v", got, err)
	}
	if err := w1.Opened(ctx, chat, t0, "m1"); err != nil {
		t.Fatal(err)
	}
	var granted atomic.Int64
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			w := []*redisstore.ZaloOAWindows{w1, w2}[i%2]
			got, msg, err := w.Reserve(ctx, chat, 1+i%2, 8, 48*time.Hour, t0.Add(time.Hour))
			if err != nil || got > 0 && msg != "m1" {
				t.Errorf("Reserve = %d %q %v", got, msg, err)
			}
			granted.Add(int64(got))
		})
	}
	wg.Wait()
	if n := granted.Load(); n != 8 {
		t.Fatalf("%d sends granted in one window, want 8", n)
	}
	if err := w2.Opened(ctx, chat, t0, "m1"); err != nil { // the same event processed again
		t.Fatal(err)
	}
	if got, _, _ := w1.Reserve(ctx, chat, 1, 8, 48*time.Hour, t0.Add(time.Hour)); got != 0 {
		t.Errorf("a replayed message gave %d sends back", got)
	}
	if err := w1.Opened(ctx, chat, t0.Add(-time.Minute), "m0"); err != nil { // late and older
		t.Fatal(err)
	}
	if got, _, _ := w1.Reserve(ctx, chat, 1, 8, 48*time.Hour, t0.Add(time.Hour)); got != 0 {
		t.Errorf("an older message gave %d sends back", got)
	}
	t1 := t0.Add(2 * time.Hour)
	if err := w1.Opened(ctx, chat, t1, "m2"); err != nil {
		t.Fatal(err)
	}
	if got, msg, _ := w2.Reserve(ctx, chat, 3, 8, 48*time.Hour, t1); got != 3 || msg != "m2" {
		t.Errorf("a fresh window: %d %q", got, msg)
	}
	if got, _, _ := w2.Reserve(ctx, chat, 1, 8, 48*time.Hour, t1.Add(48*time.Hour)); got != 0 {
		t.Errorf("after 48 h: %d granted", got)
	}
	if err := w1.Erase(ctx, chat); err != nil {
		t.Fatal(err)
	}
	if keys := keysMatching(t, srv.Client(), "*oawin*"); len(keys) != 0 {
		t.Errorf("after Erase: %v", keys)
	}
}

func TestZaloOAQuota(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	w, _ := st.ZaloOAWindows("oa1")
	for _, tt := range []struct{ n, want int }{{3, 3}, {3, 2}, {1, 0}} {
		if got, err := w.Take(ctx, "2026-05", tt.n, 5); err != nil || got != tt.want {
			t.Errorf("Take(%d) = %d, %v; want %d", tt.n, got, err, tt.want)
		}
	}
	if got, _ := w.Take(ctx, "2026-06", 1, 5); got != 1 {
		t.Errorf("a new month: %d", got)
	}
	if _, err := w.Take(ctx, "2026}x", 1, 5); err == nil {
		t.Error("a period with a brace was accepted")
	}
}

// A conversation that needs more than 8 replies in 48 h, sent through two
// replicas sharing Redis, never sends a 9th: the fake OA, which enforces
// Zalo's window, sees no violation, and the 8th message says how to go on.
func TestZaloOAConversationStaysInTheWindow(t *testing.T) {
	srv := server(t)
	clock := &oaClock{t: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
	oa := fakeoa.New(t, fakeoa.WithClock(clock.Now))
	r1, r2 := newOAReplica(t, srv, oa, clock), newOAReplica(t, srv, oa, clock)
	ctx := testCtx(t)
	if err := r1.tokens.Seed(ctx, oa.IssueRefreshToken()); err != nil {
		t.Fatal(err)
	}
	user := "8412345678901234567"
	oa.OpenWindow(user, clock.Now())
	if err := r1.windows.Opened(ctx, oaChat(user), clock.Now(), "m1"); err != nil {
		t.Fatal(err)
	}
	var refused int
	for i := range 5 { // 3 messages a turn: 3, 3, 2 and a cut, then nothing
		r := []*oaReplica{r1, r2}[i%2]
		turn := []bot.Reply{{Kind: bot.ReplyText, Chat: oaChat(user), Text: strings.Repeat("chữ ", 450)},
			{Kind: bot.ReplyText, Chat: oaChat(user), Text: strings.Repeat("câu ", 450)},
			{Kind: bot.ReplyText, Chat: oaChat(user), Text: strings.Repeat("lời ", 450)}}
		err := r.sender.SendTurn(ctx, oaChat(user), "", turn)
		switch {
		case errors.Is(err, zalooa.ErrOutsideWindow):
			refused++
		case err != nil:
			t.Fatal(err)
		}
		clock.Add(time.Minute)
	}
	sent := oa.Sent(user)
	if len(sent) != zalooa.RepliesPerWindow || refused != 2 {
		t.Errorf("%d sent, %d turns refused; want %d and 2", len(sent), refused, zalooa.RepliesPerWindow)
	}
	if !strings.HasSuffix(sent[len(sent)-1].Text, zalooa.DefaultMore) || sent[0].ReplyTo != "m1" {
		t.Errorf("the last message %q…, reply id %q", sent[len(sent)-1].Text[:20], sent[0].ReplyTo)
	}
	for _, v := range oa.Violations() {
		t.Errorf("violation %v", v)
	}
}

// Left reads what Reserve would grant without taking it; the rest of a
// cut turn is held once, taken once, and erased by /forget.
func TestZaloOAWindowLeftAndHeld(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	w, _ := st.ZaloOAWindows("oa1")
	chat := oaChat("8412345678901234567")
	t0 := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	if n, err := w.Left(ctx, chat, 8, 48*time.Hour, t0); err != nil || n != 0 {
		t.Fatalf("Left before the user wrote = %d, %v", n, err)
	}
	if err := w.Opened(ctx, chat, t0, "m1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Reserve(ctx, chat, 3, 8, 48*time.Hour, t0); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   time.Time
		want int
	}{{t0.Add(time.Hour), 5}, {t0.Add(time.Hour), 5}, {t0.Add(48 * time.Hour), 0}} {
		if n, err := w.Left(ctx, chat, 8, 48*time.Hour, tc.at); err != nil || n != tc.want {
			t.Errorf("Left at %v = %d, %v; want %d", tc.at, n, err, tc.want)
		}
	}
	if held, err := w.Held(ctx, chat); err != nil || held != nil {
		t.Fatalf("Held with nothing held = %q, %v", held, err)
	}
	rest := []string{"phần còn lại", "và 1. một lựa chọn"}
	if err := w.Hold(ctx, chat, rest); err != nil {
		t.Fatal(err)
	}
	for range 2 { // held until dropped: a failed send tries again
		if held, err := w.Held(ctx, chat); err != nil || strings.Join(held, "|") != strings.Join(rest, "|") {
			t.Fatalf("Held = %q, %v", held, err)
		}
	}
	// A reminder cut while the rest waits is added after it, and a turn
	// retried holds the same rest once.
	if err := w.Hold(ctx, chat, []string{"⏰ nhắc lịch hẹn"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Hold(ctx, chat, rest); err != nil {
		t.Fatal(err)
	}
	all := append(slices.Clone(rest), "⏰ nhắc lịch hẹn")
	if held, err := w.Held(ctx, chat); err != nil || !slices.Equal(held, all) {
		t.Fatalf("Held = %q, %v; want %q", held, err, all)
	}
	// Dropping what was shown keeps what was held since.
	if err := w.DropHeld(ctx, chat, rest); err != nil {
		t.Fatal(err)
	}
	if held, err := w.Held(ctx, chat); err != nil || !slices.Equal(held, all[2:]) {
		t.Fatalf("Held after dropping the rest = %q, %v; want the reminder", held, err)
	}
	if err := w.DropHeld(ctx, chat, all[2:]); err != nil {
		t.Fatal(err)
	}
	if held, _ := w.Held(ctx, chat); held != nil {
		t.Errorf("held after DropHeld: %q", held)
	}
	if err := w.Hold(ctx, chat, rest); err != nil {
		t.Fatal(err)
	}
	if err := w.Erase(ctx, chat); err != nil {
		t.Fatal(err)
	}
	if held, _ := w.Held(ctx, chat); held != nil {
		t.Errorf("held after /forget: %q", held)
	}
}
