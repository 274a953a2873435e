package telegram

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

// callLog is a bot.CallObserver that remembers what it was told.
type callLog struct {
	mu    sync.Mutex
	calls []string // "channel method result"
}

func (l *callLog) ObserveCall(channel, method, result string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, channel+" "+method+" "+result)
}

// TestEveryTryIsObserved: each try of a Bot API call is told to the
// observer with its result: getMe at start, a 429 waited out and the try
// that succeeded, a 403 of a person who blocked the bot, a dropped
// connection retried.
func TestEveryTryIsObserved(t *testing.T) {
	srv := fakeapi.New(t, fakeapi.WithToken(testToken))
	log := &callLog{}
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL(), Calls: log,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	hi := bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"}
	srv.FailNext("sendMessage", 1, fakeapi.TooManyRequests(1))
	if _, err := c.Send(context.Background(), hi); err != nil {
		t.Fatal(err)
	}
	srv.FailNext("sendMessage", 1, fakeapi.Blocked())
	if _, err := c.Send(context.Background(), hi); !errors.Is(err, bot.ErrBlocked) {
		t.Fatalf("blocked: %v", err)
	}
	srv.FailNext("sendMessage", 1, fakeapi.DropConnection())
	if _, err := c.Send(context.Background(), hi); err != nil {
		t.Fatal(err)
	}
	want := []string{"tg getMe ok", "tg sendMessage 429", "tg sendMessage ok", "tg sendMessage 403", "tg sendMessage network", "tg sendMessage ok"}
	if len(log.calls) != len(want) {
		t.Fatalf("observed %q, want %q", log.calls, want)
	}
	for i := range want {
		if log.calls[i] != want[i] {
			t.Fatalf("observed %q, want %q", log.calls, want)
		}
	}
}
