package redisstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// testCtx bounds a test's Redis calls, so a hang fails instead of stalling.
func testCtx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// open starts a throwaway redis-server and a Store on it.
func open(t testing.TB, opts redisstore.Options) (*redisstore.Store, *redistest.Server) {
	t.Helper()
	srv := server(t)
	return connect(t, srv, opts), srv
}

// connect opens another Store (as another process would) on srv.
func connect(t testing.TB, srv *redistest.Server, opts redisstore.Options) *redisstore.Store {
	t.Helper()
	opts.Mode = redisstore.Mode(srv.Mode())
	st, err := redisstore.Open(testCtx(t), srv.URL(), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func tgChat(id int64) bot.Chat {
	return bot.Chat{Channel: "tg", ID: strconv.FormatInt(id, 10), Kind: bot.ChatPrivate}
}

// uid is the update id n as a string.
func uid(n int64) string { return strconv.FormatInt(n, 10) }

// tgUser is Telegram user n.
func tgUser(n int64) bot.UserID { return bot.NewUserID("tg", strconv.FormatInt(n, 10)) }

// increment adds one to the session's counter (Case.Days), retrying on
// conflict as the engine does.
func increment(ctx context.Context, st *redisstore.Store, chat bot.Chat) error {
	for {
		s, found, err := st.Load(ctx, chat)
		if err != nil {
			return err
		}
		if !found {
			s = bot.NewSession(chat, "vi", time.Now())
		}
		s.Case.Days++
		err = st.Save(ctx, &s)
		if !errors.Is(err, bot.ErrConflict) {
			return err
		}
	}
}

// must fails the test on err.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// reply is what every go-redis command returns: its value, its error and
// the command itself.
type reply[T any] interface {
	Val() T
	Err() error
	Args() []any
}

// val is the value of a Redis command the test sent itself; an error
// (redis.Nil included) fails the test, so that a failed read cannot pass
// for an empty or zero result.
func val[T any](t testing.TB, cmd reply[T]) T {
	t.Helper()
	if err := cmd.Err(); err != nil {
		t.Fatalf("%v: %v", cmd.Args(), err)
	}
	return cmd.Val()
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }

// claim is Begin without the session, for tests of the update bookkeeping.
func claim(st *redisstore.Store, ctx context.Context, chat bot.Chat, id int64) (bot.Claim, error) {
	c, _, _, err := st.Begin(ctx, chat, uid(id))
	return c, err
}

// finish settles an update that produced no replies, which marks it done.
func finish(st *redisstore.Store, ctx context.Context, chat bot.Chat, id int64) error {
	return st.Settle(ctx, chat, uid(id), 0)
}

// allKeys lists every key of the server, or of every master of a cluster.
func allKeys(t testing.TB, c redis.UniversalClient) []string {
	t.Helper()
	return keysMatching(t, c, "*")
}

// keysMatching is KEYS pattern on the server, or on every master of a
// cluster.
func keysMatching(t testing.TB, c redis.UniversalClient, pattern string) []string {
	t.Helper()
	ctx := testCtx(t)
	cc, ok := c.(*redis.ClusterClient)
	if !ok {
		keys, err := c.Keys(ctx, pattern).Result()
		if err != nil {
			t.Fatalf("KEYS: %v", err)
		}
		return keys
	}
	var mu sync.Mutex
	var keys []string
	err := cc.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		ks, err := m.Keys(ctx, pattern).Result()
		mu.Lock()
		keys = append(keys, ks...)
		mu.Unlock()
		return err
	})
	if err != nil {
		t.Fatalf("KEYS on every master: %v", err)
	}
	return keys
}
