package redisstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

// The Redis stores keep zalooa's contracts. (Test code only: redisstore
// itself never imports zalooa; the interfaces use standard and bot types,
// so cmd wires the two without adapters.)
var (
	_ zalooa.TokenStore   = (*redisstore.ZaloOATokens)(nil)
	_ zalooa.WindowStore  = (*redisstore.ZaloOAWindows)(nil)
	_ zalooa.QuotaStore   = (*redisstore.ZaloOAWindows)(nil)
	_ zalooa.EventJournal = (*redisstore.ZaloOAEvents)(nil)
)

// oaClock is a clock shared by a test's replicas and the fake OA.
type oaClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *oaClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *oaClock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// oaReplica is one bot process behind an OA: its own Redis connections,
// client, tokens, windows and sender.
type oaReplica struct {
	st      *redisstore.Store
	client  *zalooa.Client
	tokens  *zalooa.Tokens
	windows *redisstore.ZaloOAWindows
	events  *redisstore.ZaloOAEvents
	sender  *zalooa.Sender
}

// newOAReplica connects a replica to srv and to the fake OA.
func newOAReplica(t *testing.T, srv *redistest.Server, oa *fakeoa.Server, clock *oaClock) *oaReplica {
	t.Helper()
	st := connect(t, srv, redisstore.Options{})
	cfg := oa.Config()
	cfg.Now = clock.Now
	cfg.Sleep = func(ctx context.Context, d time.Duration) error {
		select { // real but short waits: the race is between goroutines
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
			return nil
		}
	}
	client, err := zalooa.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := st.ZaloOATokens(fakeoa.OAID)
	if err != nil {
		t.Fatal(err)
	}
	win, err := st.ZaloOAWindows(fakeoa.OAID)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := st.ZaloOAEvents(fakeoa.OAID)
	if err != nil {
		t.Fatal(err)
	}
	r := &oaReplica{st: st, client: client, tokens: zalooa.NewTokens(client, tok), windows: win, events: ev}
	r.sender = zalooa.NewSender(zalooa.SenderConfig{Client: client, Tokens: r.tokens, Windows: win, Quota: win})
	return r
}

func oaChat(user string) bot.Chat {
	return bot.Chat{Channel: bot.ChannelZaloOA, ID: user, Kind: bot.ChatPrivate}
}
