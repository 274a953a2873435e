package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
	"github.com/eidbot/eidbot/internal/redistest"
)

// TestMigrateRoles: a committee member granted by an older version (a bare
// Telegram id) keeps the role after "eidbot migrate", and the command can
// run again.
func TestMigrateRoles(t *testing.T) {
	srv := redistest.Start(t)
	ctx := t.Context()
	if err := srv.Client().SAdd(ctx, "eid:{role}:area:ben_thanh", "4242").Err(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Client().SAdd(ctx, "eid:{role}:user:4242", "ben_thanh").Err(); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string { return map[string]string{"REDIS_URL": srv.URL()}[k] }
	for i, want := range []string{"1 member(s) moved", "0 member(s) moved"} {
		var out bytes.Buffer
		if err := run(ctx, []string{"migrate"}, env, nil, &out, &out); err != nil || !strings.Contains(out.String(), want) {
			t.Fatalf("run %d: %v\n%s", i+1, err, out.String())
		}
	}
	st, err := redisstore.Open(ctx, srv.URL(), redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	areas, err := st.Roles().CommitteeAreas(ctx, "tg:4242")
	if err != nil || !slices.Equal(areas, []string{"ben_thanh"}) {
		t.Fatalf("areas of tg:4242 after migrate: %v %v", areas, err)
	}
	members, err := st.Roles().Members(ctx, "ben_thanh")
	if err != nil || !slices.Equal(members, []bot.UserID{"tg:4242"}) {
		t.Fatalf("members after migrate: %v %v", members, err)
	}
}
