package zalooa_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

const testBody = `{"app_id":"3141592653589793238","user_id_by_app":"55","event_name":"user_send_text","timestamp":"1754405178258","sender":{"id":"8412345678901234567"},"recipient":{"id":"2718281828459045235"},"message":{"msg_id":"a1b2c3","text":"xin chào"}}`

func webhook(t *testing.T, change func(*zalooa.Config)) *zalooa.Webhook {
	t.Helper()
	cfg := zalooa.Config{AppID: fakeoa.AppID, SecretKey: fakeoa.SecretKey, AppSecret: fakeoa.AppSecret}
	if change != nil {
		change(&cfg)
	}
	w, err := zalooa.NewWebhook(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// mac computes the signature independently of the package: the spec
// written out once more.
func mac(signer, body, ts, secret string) string {
	sum := sha256.Sum256([]byte(signer + body + ts + secret))
	return hex.EncodeToString(sum[:])
}

func TestVerify(t *testing.T) {
	w := webhook(t, nil)
	good := mac(fakeoa.AppID, testBody, "1754405178258", fakeoa.SecretKey)
	numeric := strings.Replace(testBody, `"timestamp":"1754405178258"`, `"timestamp":1754405178258`, 1)
	tests := []struct {
		name, header, body string
		want               bool
	}{
		{"mac= prefix", "mac=" + good, testBody, true},
		{"bare hex", good, testBody, true},
		{"upper case", "MAC=" + strings.ToUpper(good), testBody, true},
		{"spaces around", "  mac=" + good + " ", testBody, true},
		{"numeric timestamp", "mac=" + mac(fakeoa.AppID, numeric, "1754405178258", fakeoa.SecretKey), numeric, true},
		{"body changed", "mac=" + good, strings.Replace(testBody, "xin chào", "xin chao", 1), false},
		{"wrong secret", "mac=" + mac(fakeoa.AppID, testBody, "1754405178258", "guess"), testBody, false},
		{"oa id instead of app id", "mac=" + mac(fakeoa.OAID, testBody, "1754405178258", fakeoa.SecretKey), testBody, false},
		{"HMAC is not the scheme", "mac=" + hex.EncodeToString(make([]byte, 32)), testBody, false},
		{"empty header", "", testBody, false},
		{"short hex", "mac=" + good[:62], testBody, false},
		{"not hex", "mac=" + strings.Repeat("zz", 32), testBody, false},
		{"no timestamp", "mac=" + mac(fakeoa.AppID, `{"a":1}`, "", fakeoa.SecretKey), `{"a":1}`, false},
		{"not JSON", "mac=" + mac(fakeoa.AppID, "x", "", fakeoa.SecretKey), "x", false},
	}
	for _, tt := range tests {
		if got := w.Verify(tt.header, []byte(tt.body)); got != tt.want {
			t.Errorf("%s: Verify = %v, want %v", tt.name, got, tt.want)
		}
	}
	withOA := webhook(t, func(c *zalooa.Config) { c.OAID = fakeoa.OAID })
	if !withOA.Verify("mac="+mac(fakeoa.OAID, testBody, "1754405178258", fakeoa.SecretKey), []byte(testBody)) {
		t.Error("with OAID set, a signature with the OA id was refused")
	}
	if !withOA.Verify("mac="+good, []byte(testBody)) {
		t.Error("with OAID set, a signature with the app id was refused")
	}
}

func TestFakeSignsAsVerifyExpects(t *testing.T) {
	oa := fakeoa.New(t)
	w := webhook(t, nil)
	for _, e := range []fakeoa.Event{fakeoa.Text("84", "hi"), fakeoa.Follow("84"), {Name: "user_send_text", UserID: "84", Text: "x", NumericTS: true}} {
		body := oa.Body(e)
		if !w.Verify(fakeoa.Signature(body), body) {
			t.Errorf("%s: the fake's signature does not verify: %s", e.Name, body)
		}
	}
}

func TestDecode(t *testing.T) {
	ts := time.UnixMilli(1754405178258).UTC()
	user := bot.Chat{Channel: "zo", ID: "8412345678901234567", Kind: bot.ChatPrivate}
	tests := []struct {
		name, body string
		kind       zalooa.EventKind
		key        string
		update     bot.Update
	}{
		{"text", testBody, zalooa.KindMessage, "a1b2c3", bot.Update{ID: "a1b2c3", Kind: bot.UpdateText, Chat: user,
			From: bot.User{ID: "zo:8412345678901234567"}, Time: ts, Text: "xin chào", Addressed: true}},
		{"command", strings.Replace(testBody, "xin chào", "/Start ref_1", 1), zalooa.KindMessage, "a1b2c3", bot.Update{ID: "a1b2c3",
			Kind: bot.UpdateCommand, Chat: user, From: bot.User{ID: "zo:8412345678901234567"}, Time: ts, Text: "/Start ref_1",
			Command: "start", Payload: "ref_1", Addressed: true}},
		{"ids as big numbers keep every digit", `{"event_name":"user_send_text","timestamp":1754405178258,"sender":{"id":8412345678901234567},"message":{"msg_id":98765432109876543210,"text":"hi"}}`,
			zalooa.KindMessage, "98765432109876543210", bot.Update{ID: "98765432109876543210", Kind: bot.UpdateText, Chat: user,
				From: bot.User{ID: "zo:8412345678901234567"}, Time: ts, Text: "hi", Addressed: true}},
		{"follow", `{"event_name":"follow","timestamp":"1754405178258","follower":{"id":"8412345678901234567"}}`, zalooa.KindFollow,
			"follow:8412345678901234567:1754405178258", bot.Update{ID: "follow:8412345678901234567:1754405178258", Kind: bot.UpdateCommand,
				Chat: user, From: bot.User{ID: "zo:8412345678901234567"}, Time: ts, Text: "/start", Command: "start", Addressed: true}},
		{"unfollow", `{"event_name":"unfollow","timestamp":"1754405178258","follower":{"id":"8412345678901234567"}}`, zalooa.KindUnfollow,
			"unfollow:8412345678901234567:1754405178258", bot.Update{ID: "unfollow:8412345678901234567:1754405178258", Kind: bot.UpdateMembership,
				Chat: user, From: bot.User{ID: "zo:8412345678901234567"}, Time: ts, Blocked: true}},
		{"image", strings.Replace(testBody, "user_send_text", "user_send_image", 1), zalooa.KindNonText, "a1b2c3",
			bot.Update{ID: "a1b2c3", Kind: bot.UpdateIgnored, Chat: user, From: bot.User{ID: "zo:8412345678901234567"}, Time: ts}},
		{"location without msg id", `{"event_name":"user_send_location","timestamp":"1754405178258","sender":{"id":"8412345678901234567"},"message":{}}`,
			zalooa.KindNonText, "user_send_location:8412345678901234567:1754405178258", bot.Update{ID: "user_send_location:8412345678901234567:1754405178258",
				Kind: bot.UpdateIgnored, Chat: user, From: bot.User{ID: "zo:8412345678901234567"}, Time: ts}},
		{"echo", strings.Replace(testBody, "user_send_text", "oa_send_text", 1), zalooa.KindIgnored, "", bot.Update{Kind: bot.UpdateIgnored}},
		{"seen", `{"event_name":"user_seen_message","timestamp":"1","sender":{"id":"84"}}`, zalooa.KindIgnored, "", bot.Update{Kind: bot.UpdateIgnored}},
		{"name unfit for a key", `{"event_name":"user_send_ x}","timestamp":"1","sender":{"id":"84"}}`, zalooa.KindIgnored, "", bot.Update{Kind: bot.UpdateIgnored}},
		{"unknown", `{"event_name":"something_new"}`, zalooa.KindIgnored, "", bot.Update{Kind: bot.UpdateIgnored}},
		{"blank text", strings.Replace(testBody, "xin chào", "  ", 1), zalooa.KindIgnored, "", bot.Update{Kind: bot.UpdateIgnored}},
		{"id with a brace", strings.Replace(testBody, "8412345678901234567", "84}x", 1), zalooa.KindIgnored, "", bot.Update{Kind: bot.UpdateIgnored}},
		{"follow without timestamp", `{"event_name":"follow","follower":{"id":"84"}}`, zalooa.KindIgnored, "", bot.Update{Kind: bot.UpdateIgnored}},
		{"sender of the wrong type", `{"event_name":"user_send_text","timestamp":"1","sender":"84","message":{"msg_id":"m","text":"x"}}`,
			zalooa.KindIgnored, "", bot.Update{Kind: bot.UpdateIgnored}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := zalooa.Decode([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if ev.Kind != tt.kind || ev.Key != tt.key {
				t.Errorf("kind %q key %q, want %q %q", ev.Kind, ev.Key, tt.kind, tt.key)
			}
			if got, want := ev.Update, tt.update; got.ID != want.ID || got.Kind != want.Kind || got.Chat != want.Chat ||
				got.From != want.From || !got.Time.Equal(want.Time) || got.Text != want.Text || got.Command != want.Command ||
				got.Payload != want.Payload || got.Addressed != want.Addressed || got.Blocked != want.Blocked {
				t.Errorf("update\n got %+v\nwant %+v", got, want)
			}
		})
	}
	for _, bad := range []string{``, `[]`, `null`, `"x"`, `{`} {
		if _, err := zalooa.Decode([]byte(bad)); !errors.Is(err, zalooa.ErrMalformedEvent) {
			t.Errorf("Decode(%q) = %v, want ErrMalformedEvent", bad, err)
		}
	}
}

func TestEventFlags(t *testing.T) {
	for _, tt := range []struct {
		body           string
		nonText, opens bool
	}{
		{testBody, false, true},
		{strings.Replace(testBody, "user_send_text", "user_send_sticker", 1), true, true},
		{`{"event_name":"follow","timestamp":"1","follower":{"id":"84"}}`, false, zalooa.FollowOpensWindow},
		{`{"event_name":"unfollow","timestamp":"1","follower":{"id":"84"}}`, false, false},
	} {
		ev, _ := zalooa.Decode([]byte(tt.body))
		if ev.NonText() != tt.nonText || ev.OpensWindow() != tt.opens {
			t.Errorf("%s: NonText %v OpensWindow %v", ev.Name, ev.NonText(), ev.OpensWindow())
		}
	}
}
