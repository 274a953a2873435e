package telegram

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

// TestFloodWaitsNone: with FloodWaits < 0 a 429 comes back to the caller
// at once, as an *APIError with RetryAfter, and OnFlood hears of it.
func TestFloodWaitsNone(t *testing.T) {
	srv := fakeapi.New(t, fakeapi.WithToken(testToken))
	var heard []time.Duration
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL(), FloodWaits: -1,
		OnFlood: func(d time.Duration) { heard = append(heard, d) },
		Sleep:   func(context.Context, time.Duration) error { t.Error("slept"); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	srv.FailNext("sendMessage", 1, fakeapi.TooManyRequests(3))
	_, err = c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != http.StatusTooManyRequests || apiErr.RetryAfter != 3*time.Second {
		t.Fatalf("err = %v, want a 429 with retry_after 3s", err)
	}
	if len(heard) != 1 || heard[0] != 3*time.Second {
		t.Errorf("OnFlood heard %v", heard)
	}
	if n := len(srv.CallsTo("sendMessage")); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// TestOnFloodWhileWaiting: the default client still waits out the 429 and
// also reports it.
func TestOnFloodWhileWaiting(t *testing.T) {
	srv := fakeapi.New(t, fakeapi.WithToken(testToken))
	heard := 0
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL(),
		OnFlood: func(time.Duration) { heard++ },
		Sleep:   func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	srv.FailNext("sendMessage", 2, fakeapi.TooManyRequests(1))
	if _, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if heard != 2 {
		t.Errorf("OnFlood heard %d floods, want 2", heard)
	}
}
