package zalobot

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/eidbot/eidbot/internal/zalobot/fakezalo"
)

// callLog is a bot.CallObserver that remembers what it was told.
type callLog struct {
	mu    sync.Mutex
	calls []string
}

func (l *callLog) ObserveCall(channel, method, result string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, channel+" "+method+" "+result)
}

// TestEveryTryIsObserved: each try of a Bot API call is told with its
// result: a 429 and a dropped connection retried, a refusal with Zalo's
// own error code, a gateway's page that is not the API's.
func TestEveryTryIsObserved(t *testing.T) {
	fake := fakezalo.New(t)
	log := &callLog{}
	sl := &sleeps{}
	c, err := New(Config{Token: fake.Token(), APIURL: fake.URL(), Sleep: sl.sleep, Calls: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	ctx := context.Background()
	fake.FailNext("sendMessage", 1, fakezalo.TooManyRequests(1))
	fake.FailNext("sendMessage", 1, fakezalo.DropConnection())
	if _, err := c.SendMessage(ctx, chatID, "a"); err != nil {
		t.Fatal(err)
	}
	fake.FailNext("sendMessage", 1, fakezalo.Refused(-124, "invalid"))
	if _, err := c.SendMessage(ctx, chatID, "b"); err == nil {
		t.Fatal("a refusal passed")
	}
	fake.FailNext("sendMessage", 1, fakezalo.BadGateway())
	if _, err := c.SendMessage(ctx, chatID, "c"); err != nil {
		t.Fatal(err)
	}
	want := []string{"zb sendMessage 429", "zb sendMessage network", "zb sendMessage ok",
		"zb sendMessage -124", "zb sendMessage 502", "zb sendMessage ok"}
	if !slices.Equal(log.calls, want) {
		t.Fatalf("observed %q, want %q", log.calls, want)
	}
}
