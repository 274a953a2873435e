package redisstore_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// Records written before chat and user ids became channel-qualified
// strings (Telegram's int64s, as JSON numbers and bare key parts) must keep
// working. Sessions, subscriptions, campaigns and the audit log decode
// them as they are; only committee roles, whose members are set members
// and keys, need Roles.MigrateIDs (eidbot migrate).

func TestLegacySessionLoads(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx, c := testCtx(t), srv.Client()
	legacy := `{"schema":1,"chat":{"Channel":"tg","ID":12345,"Kind":"private"},"lang":"ko",` +
		`"dialog":{"flow":"eligibility","step":"nationality","touched":"2026-11-20T08:00:00Z"},` +
		`"case":{"decided":"0001-01-01T00:00:00Z"},"applied":[901,902],` +
		`"created":"2026-11-20T08:00:00Z","updated":"2026-11-20T08:00:00Z"}`
	if err := c.HSet(ctx, "eid:{tg:12345}:session", "v", "3", "d", legacy, "s", "1").Err(); err != nil {
		t.Fatal(err)
	}
	s, found, err := st.Load(ctx, tgChat(12345))
	if err != nil || !found {
		t.Fatalf("Load: %v %v", found, err)
	}
	want := bot.Chat{Channel: "tg", ID: "12345", Kind: bot.ChatPrivate}
	if s.Chat != want || s.Lang != bot.Korean || s.Version != 3 || !s.HasApplied("902") || s.Dialog.Step != "nationality" {
		t.Fatalf("legacy session read as %+v", s)
	}
	s.Dialog.Step = "age"
	if err := st.Save(ctx, &s); err != nil {
		t.Fatalf("saving over a legacy record: %v", err)
	}
	again, _, err := st.Load(ctx, tgChat(12345))
	if err != nil || again.Dialog.Step != "age" || again.Chat != want {
		t.Fatalf("after save: %+v %v", again, err)
	}
}

func TestLegacyRolesMigrate(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx, c, roles := testCtx(t), srv.Client(), st.Roles()
	for key, members := range map[string][]any{
		"eid:{role}:area:ben_thanh": {"12345", "777"},
		"eid:{role}:area:tan_dinh":  {"12345"},
		"eid:{role}:user:12345":     {"ben_thanh", "tan_dinh"},
		"eid:{role}:user:777":       {"ben_thanh"},
	} {
		if err := c.SAdd(ctx, key, members...).Err(); err != nil {
			t.Fatal(err)
		}
	}
	// A member granted after the upgrade, before the migration ran.
	if err := roles.Grant(ctx, "tg:888", "ben_thanh"); err != nil {
		t.Fatal(err)
	}
	areas := []string{"ben_thanh", "tan_dinh", "no_such_area"}
	moved, err := roles.MigrateIDs(ctx, areas)
	if err != nil || moved != 3 {
		t.Fatalf("MigrateIDs = %d, %v; want 3 members moved", moved, err)
	}
	if got, err := roles.CommitteeAreas(ctx, "tg:12345"); err != nil || !slices.Equal(got, []string{"ben_thanh", "tan_dinh"}) {
		t.Fatalf("areas of tg:12345: %v %v", got, err)
	}
	if got, err := roles.Members(ctx, "ben_thanh"); err != nil || !slices.Equal(got, []bot.UserID{"tg:12345", "tg:777", "tg:888"}) {
		t.Fatalf("members: %v %v", got, err)
	}
	if n, err := c.Exists(ctx, "eid:{role}:user:12345", "eid:{role}:user:777").Result(); err != nil || n != 0 {
		t.Fatalf("legacy keys left: %d %v", n, err)
	}
	if moved, err := roles.MigrateIDs(ctx, areas); err != nil || moved != 0 {
		t.Fatalf("second run moved %d, %v", moved, err)
	}
}

func TestLegacyCampaignSelfApprovalRefused(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx, cs := testCtx(t), redisstore.NewCampaigns(st)
	c, err := cs.Create(ctx, newCampaign("ben_thanh", 42), true, "legacy")
	if err != nil {
		t.Fatal(err)
	}
	// Written by an older eidbot: the author as a bare Telegram id.
	if err := srv.Client().HSet(ctx, "eid:{cp:"+c.ID+"}:c", "au", "42").Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Approve(ctx, c.ID, "tg:42"); !errors.Is(err, bot.ErrSelfApproval) {
		t.Fatalf("the author approved their own legacy campaign: %v", err)
	}
	if got, err := cs.Approve(ctx, c.ID, "tg:43"); err != nil || got.Approver != "tg:43" {
		t.Fatalf("approval by another member: %+v %v", got, err)
	}
}

// TestOldFormSessionRecordLoads: a record as eidbot stored it before the
// compact form (a hash v, w, s, d with schema 1's long JSON names, and
// update ids as numbers) loads through Load and Begin with every field;
// the next commit writes it in the compact form, whose version follows
// the old one's, and it loads the same again.
func TestOldFormSessionRecordLoads(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx, c := testCtx(t), srv.Client()
	old := `{"schema":1,"chat":{"Channel":"tg","ID":"12346","Kind":"private"},"lang":"en","lang_set":true,` +
		`"dialog":{"flow":"eligibility","step":"age","answers":{"nationality":"vn"},"history":[{"flow":"eligibility","step":"who"}],` +
		`"touched":"2026-11-20T08:00:05.5Z"},"case":{"outcome":"eligible","checklist":"C1","days":7,"decided":"2026-11-19T10:00:00Z"},` +
		`"remembered":{"nationality":"vn"},"applied":[901,"902"],"created":"2026-11-01T01:02:03Z","updated":"2026-11-20T08:00:05Z"}`
	must(t, c.HSet(ctx, "eid:{tg:12346}:session", "v", "7", "w", "RESENDTOKEN0000000000000000", "s", "1", "d", old).Err())
	chat := tgChat(12346)
	check := func(s bot.Session, version int64) {
		t.Helper()
		if s.Version != version || s.Lang != bot.English || !s.LangSet || s.Dialog.Step != "age" || len(s.Dialog.History) != 1 ||
			s.Case.Checklist != "C1" || s.Case.Days != 7 || s.Remembered["nationality"] != "vn" || !s.HasApplied("901") ||
			s.Dialog.Touched.Nanosecond() != 5e8 || s.Case.Decided.IsZero() {
			t.Fatalf("read as %+v", s)
		}
	}
	s, found, err := st.Load(ctx, chat)
	if err != nil || !found {
		t.Fatalf("Load: %v %v", found, err)
	}
	check(s, 7)
	claim, s, found, err := st.Begin(ctx, chat, "903")
	if err != nil || claim != bot.ClaimNew || !found {
		t.Fatalf("Begin: %v %v %v", claim, found, err)
	}
	check(s, 7)
	if err := st.Commit(ctx, &s, "903", nil); err != nil {
		t.Fatalf("Commit over the old record: %v", err)
	}
	raw := val(t, c.Get(ctx, "eid:{tg:12346}:session"))
	if !strings.HasPrefix(raw, "8|") || !strings.Contains(raw, `|2|{"s":2,`) {
		t.Fatalf("rewritten as %q", raw)
	}
	again, _, err := st.Load(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	check(again, 8)
}
