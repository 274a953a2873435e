package redisstore_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestRolesGrantRevokeMembers(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx, r := testCtx(t), st.Roles()
	for _, g := range []struct {
		user int64
		area string
	}{{7, "tan_dinh"}, {7, "ben_thanh"}, {7, "ben_thanh"}, {1000000000001, "ben_thanh"}, {9, "ben_thanh"}} {
		if err := r.Grant(ctx, tgUser(g.user), g.area); err != nil {
			t.Fatal(err)
		}
	}
	areas, err := r.CommitteeAreas(ctx, "tg:7")
	if err != nil || !slices.Equal(areas, []string{"ben_thanh", "tan_dinh"}) {
		t.Fatalf("areas of 7: %v, %v", areas, err)
	}
	members, err := r.Members(ctx, "ben_thanh")
	if err != nil || !slices.Equal(members, []bot.UserID{"tg:1000000000001", "tg:7", "tg:9"}) {
		t.Fatalf("members: %v, %v", members, err)
	}
	for range 2 {
		if err := r.Revoke(ctx, "tg:7", "ben_thanh"); err != nil {
			t.Fatal(err)
		}
	}
	areas, err = r.CommitteeAreas(ctx, "tg:7")
	if err != nil {
		t.Fatal(err)
	}
	members, err = r.Members(ctx, "ben_thanh")
	if err != nil || !slices.Equal(areas, []string{"tan_dinh"}) || !slices.Equal(members, []bot.UserID{"tg:1000000000001", "tg:9"}) {
		t.Fatalf("after revoke: areas %v, members %v, %v", areas, members, err)
	}
	if areas, err := r.CommitteeAreas(ctx, "tg:12345"); err != nil || len(areas) != 0 {
		t.Fatalf("a stranger serves %v, %v", areas, err)
	}
	if err := r.Grant(ctx, "tg:7", "a|b"); err == nil {
		t.Fatal("Grant accepted an area id with '|'")
	}
}

func TestAuditKeepsNewestFirstAndIsCapped(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	a := st.Audit().WithCap(50).WithClock(func() time.Time { return now })
	for i := range 1000 {
		e := bot.AuditEntry{Actor: "tg:7", Action: "role.grant", Area: "tan_dinh", Target: fmt.Sprint(i)}
		if i == 999 {
			e.Denied = true
		}
		if err := a.Record(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := a.Recent(ctx, 3)
	if err != nil || len(got) != 3 {
		t.Fatalf("Recent: %v, %v", got, err)
	}
	want := bot.AuditEntry{Time: now, Actor: "tg:7", Action: "role.grant", Area: "tan_dinh", Target: "999", Denied: true}
	if !got[0].Time.Equal(now) || got[0].Target != want.Target || !got[0].Denied || got[1].Target != "998" || got[2].Target != "997" {
		t.Fatalf("Recent: %+v", got)
	}
	// MAXLEN ~ trims whole stream nodes (100 entries each by default), so
	// the length stays near the cap rather than at it.
	if n := val(t, srv.Client().XLen(ctx, "eid:{audit}:log")); n < 50 || n > 250 {
		t.Fatalf("the stream holds %d entries with a cap of 50", n)
	}
	if none, err := a.Recent(ctx, 0); err != nil || len(none) != 0 {
		t.Fatalf("Recent(0): %v, %v", none, err)
	}
}
