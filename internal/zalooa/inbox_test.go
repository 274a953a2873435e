package zalooa_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

func newInbox(t *testing.T) (*zalooa.Inbox, *memJournal, *fakeoa.Server) {
	oa := fakeoa.New(t)
	hook, err := zalooa.NewWebhook(oa.Config())
	if err != nil {
		t.Fatal(err)
	}
	j := newMemJournal()
	return zalooa.NewInbox(hook, j, nil), j, oa
}

func TestInboxRecordsOnceAndIgnoresWhatItShould(t *testing.T) {
	in, j, oa := newInbox(t)
	ctx := context.Background()
	body := oa.Body(fakeoa.Text("84", "xin chào"))
	for i := range 5 {
		rc, err := in.Receive(ctx, fakeoa.Signature(body), body)
		if err != nil || rc.Recorded != (i == 0) || rc.Duplicate != (i > 0) {
			t.Errorf("delivery %d: %+v, %v", i, rc, err)
		}
	}
	for _, e := range []fakeoa.Event{fakeoa.Echo("84", "hi"), {Name: "user_seen_message", UserID: "84"}} {
		b := oa.Body(e)
		if rc, err := in.Receive(ctx, fakeoa.Signature(b), b); err != nil || rc.Recorded {
			t.Errorf("%s: %+v, %v", e.Name, rc, err)
		}
	}
	old := oa.Body(fakeoa.Event{Name: zalooa.EventUserSendText, UserID: "84", Text: "x", Time: time.Now().Add(-zalooa.MaxEventAge - time.Minute)})
	if rc, err := in.Receive(ctx, fakeoa.Signature(old), old); err != nil || rc.Recorded {
		t.Errorf("an event older than MaxEventAge: %+v, %v", rc, err)
	}
	if len(j.entries) != 1 {
		t.Errorf("%d entries recorded", len(j.entries))
	}
}

func TestInboxRefusesAForgeryBeforeTouchingTheJournal(t *testing.T) {
	in, j, oa := newInbox(t)
	j.down = true // any call would fail: a forgery must make none
	body := oa.Body(fakeoa.Text("84", "x"))
	for _, sig := range []string{"", "mac=00", fakeoa.Signature([]byte(`{"timestamp":"1"}`))} {
		if _, err := in.Receive(context.Background(), sig, body); !errors.Is(err, zalooa.ErrBadSignature) {
			t.Errorf("signature %q: err %v", sig, err)
		}
	}
	if _, err := in.Receive(context.Background(), fakeoa.Signature(body), body); !errors.Is(err, errDown) {
		t.Errorf("store down: err %v, want the store's error", err)
	}
}

func TestWorkerProcessesOpensWindowsAndRetries(t *testing.T) {
	in, j, oa := newInbox(t)
	ctx := context.Background()
	for _, e := range []fakeoa.Event{fakeoa.Follow("84"), fakeoa.Text("84", "1"), fakeoa.Image("85"), fakeoa.Unfollow("84")} {
		b := oa.Body(e)
		if _, err := in.Receive(ctx, fakeoa.Signature(b), b); err != nil {
			t.Fatal(err)
		}
	}
	windows := newMemWindows()
	var mu sync.Mutex
	var seen []string
	failFirst := true
	w, err := zalooa.NewWorker(zalooa.WorkerConfig{Journal: j, Windows: windows, Consumer: "r1", MinIdle: time.Millisecond,
		Handler: func(ctx context.Context, ev zalooa.Event) error {
			mu.Lock()
			defer mu.Unlock()
			if ev.Kind == zalooa.KindMessage && failFirst {
				failFirst = false
				return errors.New("engine busy: " + bot.ErrUnavailable.Error())
			}
			seen = append(seen, string(ev.Kind))
			if ev.NonText() {
				return errors.Join(errors.New("refused"), bot.ErrRejected)
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := w.Poll(ctx, 0); err != nil || n != 3 {
		t.Fatalf("first poll: %d, %v (the text must stay pending)", n, err)
	}
	time.Sleep(2 * time.Millisecond) // past MinIdle, so the text is taken over
	if n, err := w.Poll(ctx, 0); err != nil || n != 1 {
		t.Fatalf("second poll: %d, %v", n, err)
	}
	if len(j.entries) != 0 || len(j.pending) != 0 {
		t.Errorf("left %d entries, %d pending", len(j.entries), len(j.pending))
	}
	want := "follow,non_text,unfollow,message"
	if got := join(seen); got != want {
		t.Errorf("handled %s, want %s", got, want)
	}
	if got, msg, _ := windows.Reserve(ctx, chat("84"), 1, 8, time.Hour, time.Now()); got != 1 || msg == "" {
		t.Errorf("the text did not open 84's window: %d %q", got, msg)
	}
	if got, _, _ := windows.Reserve(ctx, chat("85"), 1, 8, time.Hour, time.Now()); got != 1 {
		t.Error("the image did not open 85's window")
	}
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}

func TestWorkerRunUntilCancelled(t *testing.T) {
	in, j, oa := newInbox(t)
	b := oa.Body(fakeoa.Text("84", "hi"))
	if _, err := in.Receive(context.Background(), fakeoa.Signature(b), b); err != nil {
		t.Fatal(err)
	}
	got := make(chan zalooa.Event, 1)
	w, err := zalooa.NewWorker(zalooa.WorkerConfig{Journal: j, Consumer: "r1",
		Handler: func(_ context.Context, ev zalooa.Event) error { got <- ev; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	select {
	case ev := <-got:
		if ev.Update.Text != "hi" {
			t.Errorf("event %+v", ev)
		}
	case <-time.After(fakeoa.WaitTimeout):
		t.Fatal("Run processed nothing")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(fakeoa.WaitTimeout):
		t.Fatal("Run did not return after cancel")
	}
	if _, err := zalooa.NewWorker(zalooa.WorkerConfig{Journal: j}); err == nil {
		t.Error("a worker without handler or consumer was made")
	}
}
