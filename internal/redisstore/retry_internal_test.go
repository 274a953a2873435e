package redisstore

import (
	"context"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/redistest"
)

// go-redis resends a command whose reply was lost. These tests resend the
// scripts by hand, exactly as the client would, and check that the second
// run reports the first run's success instead of a conflict or busy.

func TestSaveScriptResentIsNotAConflict(t *testing.T) {
	srv := redistest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := []any{0, `{"schema":1}`, 60000, "write-1", 1, 60000, "c:one", 60000, ""}
	for i := range 2 {
		got, err := commitScript.Run(ctx, srv.Client(), []string{"k"}, args...).Text()
		if err != nil || got != "ok" {
			t.Fatalf("run %d: %q, %v; want ok", i+1, got, err)
		}
	}
	args[3] = "write-2" // a different writer from the same version conflicts
	if got, err := commitScript.Run(ctx, srv.Client(), []string{"k"}, args...).Text(); err != nil || got != "conflict" {
		t.Fatalf("another write from version 0 returned %q, %v; want conflict", got, err)
	}
}

func TestBeginScriptResentIsStillNew(t *testing.T) {
	srv := redistest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i, c := range []struct{ token, want string }{
		{"c:one", "new"}, {"c:one", "new"}, {"c:two", "busy"},
	} {
		got, err := beginScript.Run(ctx, srv.Client(), []string{"u", "s", "d"}, c.token, 60000, "7").Slice()
		if err != nil || got[0] != c.want {
			t.Fatalf("run %d: %v, %v; want %q", i+1, got, err, c.want)
		}
	}
}

func TestTryScriptResentIsStillNew(t *testing.T) {
	srv := redistest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := []any{0, `{"schema":1}`, 60000, "write-1", 1, 60000, "c:one", 60000, "7", `{"Text":"a"}`}
	for i, want := range []string{"ok", "ok"} {
		got, err := commitScript.Run(ctx, srv.Client(), []string{"s", "o", "u", "d"}, args...).Text()
		if err != nil || got != want {
			t.Fatalf("run %d: %q, %v; want %q", i+1, got, err, want)
		}
	}
	if n, err := srv.Client().LLen(ctx, "o").Result(); err != nil || n != 1 {
		t.Fatalf("a resent Try wrote the outbox twice: %d replies, %v", n, err)
	}
}
