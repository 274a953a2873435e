package redisstore_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// TestConsentRecordSurvivesForget: a consent is recorded by the hash of
// the chat's id, with its purpose, text version and time; /forget's Erase
// marks it withdrawn and records the deletion, keeps it for
// bot.ConsentRecordKept, and the record holds nothing else.
func TestConsentRecordSurvivesForget(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	given := time.Date(2031, 3, 10, 9, 0, 0, 0, bot.Vietnam)
	deleted := given.Add(time.Hour)
	log := st.Consents().WithClock(func() time.Time { return deleted })
	chat := tgChat(4242)
	subject := bot.ConsentSubject(chat)
	for _, p := range []string{bot.PurposeBooking, bot.PurposeReminders} {
		if err := log.Record(ctx, bot.Consent{Subject: subject, Purpose: p, Version: "book.q.consent@2026-12-06", Given: given}); err != nil {
			t.Fatal(err)
		}
	}
	if err := log.Record(ctx, bot.Consent{Subject: subject, Purpose: "deleted", Version: "v"}); err == nil {
		t.Fatal("a purpose named like the deletion field was accepted")
	}
	if err := log.Erase(ctx, chat); err != nil {
		t.Fatal(err)
	}
	rdb := srv.Client()
	keys, err := rdb.Keys(ctx, "*consent*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || !strings.Contains(keys[0], subject) || strings.Contains(keys[0], "4242") {
		t.Fatalf("consent keys %v; want one, named by the hash %s", keys, subject)
	}
	got, err := rdb.HGetAll(ctx, keys[0]).Result()
	if err != nil {
		t.Fatal(err)
	}
	g, d := unixMsString(given), unixMsString(deleted)
	want := map[string]string{
		bot.PurposeBooking:   "book.q.consent@2026-12-06|" + g + "|" + d,
		bot.PurposeReminders: "book.q.consent@2026-12-06|" + g + "|" + d,
		"deleted":            d,
	}
	if len(got) != len(want) {
		t.Fatalf("record %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	at, err := rdb.PExpireTime(ctx, keys[0]).Result()
	if want := time.Duration(deleted.Add(bot.ConsentRecordKept).UnixMilli()) * time.Millisecond; err != nil || at != want {
		t.Fatalf("kept until %v (%v), want %v", at, err, want)
	}
}

func unixMsString(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// TestForgetWithoutConsentLeavesNoRecord: /forget of a chat that never
// consented to anything writes no consent record: none may say that
// someone used the bot.
func TestForgetWithoutConsentLeavesNoRecord(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	if err := st.Consents().Erase(ctx, tgChat(4343)); err != nil {
		t.Fatal(err)
	}
	if keys, err := srv.Client().Keys(ctx, "*consent*").Result(); err != nil || len(keys) != 0 {
		t.Fatalf("consent keys after /forget without consent: %v, %v", keys, err)
	}
}
