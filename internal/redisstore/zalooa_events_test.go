package redisstore_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

// inbox is a replica's webhook side on st.
func inbox(t *testing.T, st *redisstore.Store, oa *fakeoa.Server) (*zalooa.Inbox, *redisstore.ZaloOAEvents) {
	t.Helper()
	hook, err := zalooa.NewWebhook(oa.Config())
	if err != nil {
		t.Fatal(err)
	}
	ev, err := st.ZaloOAEvents(fakeoa.OAID)
	if err != nil {
		t.Fatal(err)
	}
	return zalooa.NewInbox(hook, ev, nil), ev
}

// One event delivered 5 times across 2 replicas (Zalo's retries landing
// on either) is recorded once and processed once, by whichever worker
// reads it; the stream is empty afterwards.
func TestZaloOAEventRecordedOnceProcessedOnce(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	oa := fakeoa.New(t)
	in1, j1 := inbox(t, st, oa)
	in2, j2 := inbox(t, other, oa)
	ctx := testCtx(t)
	body := oa.Body(fakeoa.Text("8412345678901234567", "cần mang gì"))
	var recorded atomic.Int64
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			in := []*zalooa.Inbox{in1, in2}[i%2]
			rc, err := in.Receive(ctx, fakeoa.Signature(body), body)
			if err != nil {
				t.Errorf("Receive: %v", err)
			}
			if rc.Recorded {
				recorded.Add(1)
			}
		})
	}
	wg.Wait()
	if n := recorded.Load(); n != 1 {
		t.Fatalf("recorded %d times", n)
	}
	var handled atomic.Int64
	handler := func(ctx context.Context, ev zalooa.Event) error {
		if ev.Update.Text != "cần mang gì" {
			t.Errorf("event %+v", ev)
		}
		handled.Add(1)
		return nil
	}
	workers := make([]*zalooa.Worker, 2)
	for i, j := range []*redisstore.ZaloOAEvents{j1, j2} {
		w, err := zalooa.NewWorker(zalooa.WorkerConfig{Journal: j, Handler: handler, Consumer: "replica-" + itoa(i)})
		if err != nil {
			t.Fatal(err)
		}
		workers[i] = w
	}
	for range 2 {
		for _, w := range workers {
			if _, err := w.Poll(ctx, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := handled.Load(); n != 1 {
		t.Errorf("handled %d times", n)
	}
	if n, err := srv.Client().XLen(ctx, "eid:{zo-ev:"+fakeoa.OAID+"}:stream").Result(); err != nil || n != 0 {
		t.Errorf("stream length %d, %v", n, err)
	}
}

// An event read by a replica that then died (never acknowledged) is taken
// over by another after MinIdle; one that fails for good is dropped.
func TestZaloOAEventOfADeadConsumerIsTakenOver(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	other := connect(t, srv, redisstore.Options{})
	oa := fakeoa.New(t)
	in, j1 := inbox(t, st, oa)
	j2, _ := other.ZaloOAEvents(fakeoa.OAID)
	ctx := testCtx(t)
	for _, e := range []fakeoa.Event{fakeoa.Follow("84"), fakeoa.Image("85")} {
		b := oa.Body(e)
		if _, err := in.Receive(ctx, fakeoa.Signature(b), b); err != nil {
			t.Fatal(err)
		}
	}
	var read []string
	if err := j1.Read(ctx, "dead", 10, 0, func(id string, _ []byte) { read = append(read, id) }); err != nil || len(read) != 2 {
		t.Fatalf("the doomed replica read %v, %v", read, err)
	}
	var kinds []zalooa.EventKind
	w, err := zalooa.NewWorker(zalooa.WorkerConfig{Journal: j2, Consumer: "alive", MinIdle: 20 * time.Millisecond,
		Handler: func(ctx context.Context, ev zalooa.Event) error {
			kinds = append(kinds, ev.Kind)
			if ev.NonText() {
				return errors.Join(errors.New("refused"), bot.ErrRejected)
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := w.Poll(ctx, 0); err != nil || n != 0 {
		t.Fatalf("before MinIdle: %d, %v", n, err)
	}
	time.Sleep(40 * time.Millisecond)
	if n, err := w.Poll(ctx, 0); err != nil || n != 2 || len(kinds) != 2 {
		t.Fatalf("after MinIdle: %d %v, %v", n, kinds, err)
	}
	pending, err := srv.Client().XPending(ctx, "eid:{zo-ev:"+fakeoa.OAID+"}:stream", "zo").Result()
	if err != nil || pending.Count != 0 {
		t.Errorf("pending %+v, %v", pending, err)
	}
}

// A worker may wait on an OA that has had no event yet.
func TestZaloOAReadBeforeAnyEvent(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	j, _ := st.ZaloOAEvents(fakeoa.OAID)
	ctx := testCtx(t)
	if err := j.Read(ctx, "r1", 1, 10*time.Millisecond, func(string, []byte) { t.Error("an event from nowhere") }); err != nil {
		t.Fatal(err)
	}
	if err := j.Reclaim(ctx, "r1", time.Millisecond, 1, func(string, []byte) { t.Error("an event from nowhere") }); err != nil {
		t.Fatal(err)
	}
}

// A forged event costs Redis nothing; with Redis down, a genuine one is
// refused with bot.ErrUnavailable (the webhook answers 503, Zalo retries)
// and so is every store operation.
func TestZaloOAForgeryAndUnavailability(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	oa := fakeoa.New(t)
	in, _ := inbox(t, st, oa)
	ctx := testCtx(t)
	body := oa.Body(fakeoa.Text("84", "x"))
	forged := "mac=" + fakeoa.Signature([]byte(`{"timestamp":"1"}`))[4:]
	if n := srv.CountCommands(func() {
		if _, err := in.Receive(ctx, forged, body); !errors.Is(err, zalooa.ErrBadSignature) {
			t.Errorf("forged: %v", err)
		}
	}); n != 0 {
		t.Errorf("a forged event ran %d Redis commands", n)
	}
	tok, _ := st.ZaloOATokens(fakeoa.OAID)
	win, _ := st.ZaloOAWindows(fakeoa.OAID)
	ev, _ := st.ZaloOAEvents(fakeoa.OAID)
	if _, _, err := tok.Tokens(ctx); err != nil { // warm the pool
		t.Fatal(err)
	}
	srv.Stop()
	_, _, tokErr := tok.Tokens(ctx)
	_, lockErr := tok.Lock(ctx, time.Minute)
	_, storeErr := tok.Store(ctx, 1, []byte("x"))
	_, _, resErr := win.Reserve(ctx, oaChat("84"), 1, 8, time.Hour, time.Now())
	_, takeErr := win.Take(ctx, "2026-05", 1, 1)
	_, recvErr := in.Receive(ctx, fakeoa.Signature(body), body)
	for name, err := range map[string]error{
		"Tokens": tokErr, "Lock": lockErr, "Store": storeErr, "Unlock": tok.Unlock(ctx, 1),
		"Opened": win.Opened(ctx, oaChat("84"), time.Now(), "m"), "Reserve": resErr, "Take": takeErr,
		"Receive": recvErr, "Read": ev.Read(ctx, "r", 1, 0, func(string, []byte) {}),
		"Reclaim": ev.Reclaim(ctx, "r", time.Second, 1, func(string, []byte) {}), "Ack": ev.Ack(ctx, "1-0"),
	} {
		if !errors.Is(err, bot.ErrUnavailable) {
			t.Errorf("%s with Redis down: %v, want ErrUnavailable", name, err)
		}
	}
}
