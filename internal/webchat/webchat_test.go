package webchat

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// TestAssetBudget: what a visitor downloads (the widget, the chat page,
// its script and style sheet) stays under 50 KB gzipped.
func TestAssetBudget(t *testing.T) {
	total := 0
	for _, name := range []string{"widget.js", "chat.html", "chat.js", "chat.css"} {
		sz, ok := Sizes()[name]
		if !ok {
			t.Fatalf("no asset %s", name)
		}
		t.Logf("%-10s %6d bytes, %5d gzipped", name, sz[0], sz[1])
		total += sz[1]
	}
	t.Logf("total gzipped: %d bytes", total)
	if total >= 50_000 {
		t.Fatalf("the web chat is %d bytes gzipped, over the 50 KB budget", total)
	}
}

func TestToken(t *testing.T) {
	token, v, err := newToken(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := parseToken(token)
	if !ok || got != v || got.chat.Channel != bot.ChannelWeb || len(got.chat.ID) != 32 {
		t.Fatalf("parse(%q) = %+v %v, want %+v", token, got, ok, v)
	}
	id, secret, _ := strings.Cut(token, ".")
	for _, bad := range []string{"", id, id + ".", "." + secret, id + "." + secret + "x", strings.ToUpper(id) + "." + secret, id + "." + secret[1:] + "*", id + "!" + secret} {
		if _, ok := parseToken(bad); ok {
			t.Errorf("parseToken(%q) accepted", bad)
		}
	}
	other, _, _ := newToken(rand.Reader)
	if other == token {
		t.Fatal("two tokens alike")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(Rate{PerMinute: 60, Burst: 3}, func() time.Time { return now })
	for i := range 3 {
		if ok, _ := l.take("a"); !ok {
			t.Fatalf("request %d refused inside the burst", i)
		}
	}
	ok, wait := l.take("a")
	if ok || wait != time.Second {
		t.Fatalf("after the burst: ok=%v wait=%v, want a refusal for 1s", ok, wait)
	}
	if ok, _ := l.take("b"); !ok {
		t.Fatal("another key shares the bucket")
	}
	now = now.Add(time.Second)
	if ok, _ := l.take("a"); !ok {
		t.Fatal("a token did not come back after a second")
	}
	now = now.Add(2 * time.Minute)
	l.take("c")
	if len(l.state) != 1 {
		t.Fatalf("full buckets were not swept: %d left", len(l.state))
	}
}

func TestParseMessage(t *testing.T) {
	lim := DefaultLimits()
	chat := bot.Chat{Channel: bot.ChannelWeb, ID: "v", Kind: bot.ChatPrivate}
	for _, tc := range []struct {
		body string
		kind bot.UpdateKind
		lang string
		err  *Error
	}{
		{`{"id":"abcdefgh","text":"  hello  ","hint":"ko"}`, bot.UpdateText, "ko", nil},
		{`{"id":"abcdefgh","text":"/start point_pa08_hcmc","hint":"zh-TW"}`, bot.UpdateCommand, "zh", nil},
		{`{"id":"abcdefgh","press":{"data":"a|menu|main|check","msg":3}}`, bot.UpdateButton, "vi", nil},
		{`{"id":"abcdefgh","press":{"data":"l|en","msg":3},"hint":"vi"}`, bot.UpdateButton, "en", nil},
		{`{"id":"abcdefgh","lang":"ko","hint":"vi"}`, bot.UpdateButton, "ko", nil},
		{`{"id":"abcdefgh","lang":"fr"}`, "", "", errBadInput},
		{`{"id":"short","text":"x"}`, "", "", errBadInput},
		{`{"id":"abcdefgh"}`, "", "", errBadInput},
		{`{"id":"abcdefgh","text":"x","lang":"ko"}`, "", "", errBadInput},
		{`{"id":"abcdefgh","text":"` + strings.Repeat("가", 1001) + `"}`, "", "", errTooLarge},
		{`{"id":"abcdefgh","text":"` + strings.Repeat("a", 5000) + `"}`, "", "", errTooLarge},
		{`not json`, "", "", errBadInput},
	} {
		m, err := parseMessage([]byte(tc.body), lim)
		if tc.err != nil {
			if err != tc.err {
				t.Errorf("%.40s: err %v, want %v", tc.body, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%.40s: %v", tc.body, err)
			continue
		}
		u, lang := m.update(chat, time.Unix(0, 0))
		if u.Kind != tc.kind || lang != tc.lang || u.ID != "abcdefgh" || u.Caps == nil || u.Caps.DeepLinks || u.Caps.ShareContact {
			t.Errorf("%.40s: update %+v lang %q", tc.body, u, lang)
		}
		if u.Kind == bot.UpdateCommand && (u.Command != "start" || u.Payload != "point_pa08_hcmc") {
			t.Errorf("command %q %q", u.Command, u.Payload)
		}
	}
}

func TestRender(t *testing.T) {
	ev, numbered, ok := render(bot.Reply{Kind: bot.ReplyEdit, EditID: 4, Buttons: [][]bot.Button{{{Label: "✓ Yes", Data: noopData}}}})
	if !ok || numbered || ev.Type != "edit" || ev.Edit != 4 || !ev.Buttons[0][0].Done || ev.Buttons[0][0].Data != "" {
		t.Fatalf("edit: %+v", ev)
	}
	if _, _, ok := render(bot.Reply{Kind: bot.ReplyAnswer}); ok {
		t.Fatal("a silent answer became an event")
	}
	ev, numbered, ok = render(bot.Reply{Kind: bot.ReplyVenue, Venue: &bot.Venue{Lat: 10.77, Lon: 106.69, Title: "PA08"}})
	if !ok || !numbered || !strings.HasPrefix(ev.Venue.Map, "https://www.openstreetmap.org/?mlat=10.77000&mlon=106.69000") {
		t.Fatalf("venue: %+v", ev.Venue)
	}
	if _, _, ok := render(bot.Reply{Kind: bot.ReplyDocument, Document: &bot.Document{Data: bytes.Repeat([]byte("x"), maxFile+1)}}); ok {
		t.Fatal("an oversized document became an event")
	}
}
