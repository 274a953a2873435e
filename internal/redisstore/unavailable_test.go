package redisstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// every runs each store operation once and returns the errors by name.
func every(ctx context.Context, st *redisstore.Store, chat bot.Chat) map[string]error {
	s := bot.NewSession(chat, "vi", time.Now())
	_, loadErr := func() (bool, error) { _, f, err := st.Load(ctx, chat); return f, err }()
	_, claimErr := claim(st, ctx, chat, 1)
	_, blockedErr := st.IsBlocked(ctx, chat)
	return map[string]error{
		"Load":       loadErr,
		"Save":       st.Save(ctx, &s),
		"Claim":      claimErr,
		"Finish":     finish(st, ctx, chat, 2),
		"SetBlocked": st.SetBlocked(ctx, chat, true),
		"IsBlocked":  blockedErr,
		"Erase":      st.Erase(ctx, chat),
		"Ping":       st.Ping(ctx),
	}
}

func TestStoppedRedisIsUnavailableAndRecovers(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	if err := increment(ctx, st, tgChat(1)); err != nil { // pool holds live connections
		t.Fatal(err)
	}

	srv.Stop()
	for op, err := range every(ctx, st, tgChat(1)) {
		if !errors.Is(err, bot.ErrUnavailable) || errors.Is(err, bot.ErrConflict) {
			t.Errorf("%s with Redis stopped: err %v, want ErrUnavailable", op, err)
		}
	}

	srv.Restart()
	waitReady(t, st)
	for op, err := range every(ctx, st, tgChat(1)) {
		if err != nil {
			t.Errorf("%s after restart: %v", op, err)
		}
	}
}

// waitReady waits for the Store's pool to reconnect. go-redis probes a
// failed server in the background, so the first calls after a restart may
// still report the old dial error.
func waitReady(t *testing.T, st *redisstore.Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for st.Ping(ctx) != nil {
		select {
		case <-ctx.Done():
			t.Fatal("the Store did not reconnect after Redis restarted")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// A Redis error reply (here OOM under maxmemory) is unavailability too.
func TestErrorReplyIsUnavailable(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	if srv.External() {
		t.Skip("changes server configuration")
	}
	ctx, c := testCtx(t), srv.Client()
	if err := c.ConfigSet(ctx, "maxmemory", "1").Err(); err != nil {
		t.Fatal(err)
	}
	s := bot.NewSession(tgChat(1), "vi", time.Now())
	err := st.Save(ctx, &s)
	if !errors.Is(err, bot.ErrUnavailable) || !strings.Contains(err.Error(), "OOM") {
		t.Fatalf("Save under maxmemory: err %v, want ErrUnavailable carrying OOM", err)
	}
}

// A request deadline that runs out while Redis does not answer is
// unavailability, and keeps its cause.
func TestTimeoutIsUnavailable(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	if srv.External() {
		t.Skip("pauses the server")
	}
	ctx := testCtx(t)
	if err := st.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	// WRITE, not ALL: under ALL even CLIENT UNPAUSE would wait.
	c := srv.Client()
	if err := c.Do(ctx, "CLIENT", "PAUSE", "60000", "WRITE").Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Do(context.Background(), "CLIENT", "UNPAUSE").Err(); err != nil {
			t.Error(err)
		}
	})

	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	s := bot.NewSession(tgChat(1), "vi", time.Now())
	err := st.Save(short, &s)
	if !errors.Is(err, bot.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Save while Redis is paused: err %v, want ErrUnavailable and DeadlineExceeded", err)
	}
}

func TestOpenUnreachableIsUnavailable(t *testing.T) {
	srv := redistest.Start(t)
	if srv.External() {
		t.Skip("cannot stop TEST_REDIS_URL")
	}
	srv.Stop()
	_, err := redisstore.Open(testCtx(t), "redis://:s3cret@"+srv.Addr()+"/0", redisstore.Options{})
	if !errors.Is(err, bot.ErrUnavailable) {
		t.Fatalf("Open of a stopped server: err %v, want ErrUnavailable", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error leaks the password: %v", err)
	}
}

func TestOpenBadURLHidesPassword(t *testing.T) {
	for _, u := range []string{
		"redis://:s3cret@127.0.0.1:notaport/0",
		"http://:s3cret@127.0.0.1:6379/0",
		"redis://:s3cret@127.0.0.1:6379/notadb",
		"redis://:s3cret@127.0.0.1:6379/0?dial_timeout=xx",
		"::s3cret",
	} {
		_, err := redisstore.Open(testCtx(t), u, redisstore.Options{})
		if err == nil {
			t.Errorf("Open(%q) succeeded", u)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q) leaks the password: %v", u, err)
		}
		if errors.Is(err, bot.ErrUnavailable) {
			t.Errorf("Open(%q): a bad URL is a configuration error, not unavailability: %v", u, err)
		}
	}
}

func TestOptionsAreChecked(t *testing.T) {
	for _, o := range []redisstore.Options{
		{Prefix: "eid{x}"},
		{SessionTTL: -time.Hour},
		{ClaimTTL: time.Microsecond},
	} {
		if _, err := redisstore.Embedded(o); err == nil {
			t.Errorf("Options %+v accepted", o)
		}
	}
}

// Every committee store operation reports a stopped Redis as
// unavailability.
func TestCommitteeStoresAreUnavailableWithRedisStopped(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	if srv.External() {
		t.Skip("cannot stop TEST_REDIS_URL")
	}
	ctx := testCtx(t)
	if err := st.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	r, a, subs, f := st.Roles(), st.Audit(), st.Subscriptions(), st.Funnel()
	sub := bot.Subscriber{Chat: tgChat(1), Area: "sai_gon", Lang: "vi"}
	errs := map[string]error{
		"Grant":     r.Grant(ctx, "tg:1", "sai_gon"),
		"Revoke":    r.Revoke(ctx, "tg:1", "sai_gon"),
		"Record":    a.Record(ctx, bot.AuditEntry{Action: "x"}),
		"Subscribe": subs.Subscribe(ctx, sub),
		"Migrate":   subs.Migrate(ctx, groupChat(-1), groupChat(-2)),
		"Each":      subs.Each(ctx, "sai_gon", bot.AudienceGroups, func(bot.Subscriber) error { return nil }),
		"Erase":     st.Erase(ctx, tgChat(1)),
	}
	_, errs["CommitteeAreas"] = r.CommitteeAreas(ctx, "tg:1")
	_, errs["Members"] = r.Members(ctx, "sai_gon")
	_, errs["Recent"] = a.Recent(ctx, 5)
	_, errs["Unsubscribe"] = subs.Unsubscribe(ctx, tgChat(1))
	_, _, errs["Subscription"] = subs.Subscription(ctx, tgChat(1))
	_, errs["Counts"] = subs.Counts(ctx)
	_, errs["Verify"] = subs.Verify(ctx)
	_, errs["Mark"] = f.Mark(ctx, "tg:1", "sai_gon", "vi", bot.StageChecked)
	_, errs["FunnelCounts"] = f.Counts(ctx)
	_, errs["Stages"] = f.Stages(ctx, "tg:1")
	for op, err := range errs {
		if !errors.Is(err, bot.ErrUnavailable) {
			t.Errorf("%s with Redis stopped: err %v, want ErrUnavailable", op, err)
		}
	}
}
