package redisstore_test

import (
	"context"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// cutter is a TCP relay in front of Redis that, while cut, passes every
// command on but drops Redis's answers and the connection: the command
// ran, and the client cannot know it did — as when Redis goes away or the
// network breaks between a script's run and its reply.
type cutter struct {
	ln  net.Listener
	cut atomic.Bool
}

func newCutter(t *testing.T, target string) *cutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				client.Close()
				continue
			}
			go func() { io.Copy(server, client); server.Close() }()
			go func() {
				defer client.Close()
				defer server.Close()
				buf := make([]byte, 32<<10)
				for {
					n, err := server.Read(buf)
					if n > 0 && c.cut.Load() {
						return // the command ran; its answer is lost
					}
					if n > 0 {
						if _, err := client.Write(buf[:n]); err != nil {
							return
						}
					}
					if err != nil {
						return
					}
				}
			}()
		}
	}()
	return c
}

// TestClaimOfALostWriteIsReleasedOnRecovery: a write that claims an update
// (Try, or Begin) runs in Redis but its answer is lost, so the caller
// reports 503 and the platform retries — and that retry's answer is lost
// too. Once Redis answers again, the next retry must get the update — not
// "busy" until the claim's TTL (an hour here) runs out.
func TestClaimOfALostWriteIsReleasedOnRecovery(t *testing.T) {
	srv := redistest.Start(t)
	c := newCutter(t, srv.Addr())
	st, err := redisstore.Open(testCtx(t), "redis://"+c.ln.Addr().String(), redisstore.Options{ClaimTTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := testCtx(t)
	chat := tgChat(4242)
	s := bot.NewSession(chat, "vi", time.Now())
	must(t, st.Save(ctx, &s))

	for _, write := range []struct {
		name string
		run  func(id string) error
	}{
		{"Try", func(id string) error {
			next := s
			_, err := st.Try(ctx, &next, id, []bot.Reply{{Chat: chat, Text: "hi"}})
			return err
		}},
		{"Begin", func(id string) error { _, _, _, err := st.Begin(ctx, chat, id); return err }},
	} {
		id := "lost-" + write.name
		c.cut.Store(true)
		if err := write.run(id); !errors.Is(err, bot.ErrUnavailable) {
			t.Fatalf("%s with its answer lost: %v, want ErrUnavailable", write.name, err)
		}
		if n := val(t, srv.Client().Exists(ctx, "eid:{tg:4242}:upd:"+id)); n != 1 {
			t.Fatalf("%s with its answer lost did not claim the update in Redis; the test tests nothing", write.name)
		}
		// A retry while Redis is still away fails too (it found the claim
		// busy, but that answer is lost as well): its own token must not
		// make the first one's be forgotten.
		if _, _, _, err := st.Begin(ctx, chat, id); !errors.Is(err, bot.ErrUnavailable) {
			t.Fatalf("a retry of %s with its answer lost: %v, want ErrUnavailable", write.name, err)
		}
		c.cut.Store(false)
		// The platform retries; the first retries may still meet the claim.
		if !retryBegin(t, st, chat, id) {
			t.Fatalf("%s: after Redis came back, the retries found the update busy (a claim nobody holds, for an hour)", write.name)
		}
		must(t, st.Release(context.Background(), chat, id))
	}
}

// TestClaimReleasedWhenRedisComesBack: Redis goes down in the middle of an
// update (claimed, then the commit fails, and so does the release); it
// comes back with its data (AOF). The platform's retry gets the update
// within a few rounds of the background release, not after the claim's
// TTL (an hour here).
func TestClaimReleasedWhenRedisComesBack(t *testing.T) {
	srv := redistest.Start(t, redistest.WithAppendOnly())
	st := connect(t, srv, redisstore.Options{ClaimTTL: time.Hour})
	ctx := testCtx(t)
	chat := tgChat(4343)
	if c, _, _, err := st.Begin(ctx, chat, "u1"); err != nil || c != bot.ClaimNew {
		t.Fatalf("Begin: %v, %v", c, err)
	}
	srv.Stop()
	s := bot.NewSession(chat, "vi", time.Now())
	if err := st.Commit(ctx, &s, "u1", nil); !errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Commit with Redis down: %v", err)
	}
	if err := st.Release(ctx, chat, "u1"); !errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Release with Redis down: %v", err)
	}
	srv.Restart()
	if n := val(t, srv.Client().Exists(ctx, "eid:{tg:4343}:upd:u1")); n != 1 {
		t.Fatal("the claim did not survive the restart; the test tests nothing")
	}
	if !retryBegin(t, st, chat, "u1") {
		t.Fatal("after Redis came back, the retries found the update busy (a claim nobody holds, for an hour)")
	}
}

// retryBegin retries Begin as a platform retries a webhook that got 503,
// 200 times 50 ms apart (a few rounds of the background release, far less
// than the claims' hour), and reports whether one claimed the update.
func retryBegin(t *testing.T, st *redisstore.Store, chat bot.Chat, id string) bool {
	t.Helper()
	for range 200 {
		claim, _, _, err := st.Begin(testCtx(t), chat, id)
		switch {
		case err == nil && claim == bot.ClaimNew:
			return true
		case err != nil && !errors.Is(err, bot.ErrUnavailable):
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}
