package webchat

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/eidbot/eidbot/bot"
)

// FuzzMessage checks that any body a browser (or anybody) posts parses
// without panic into either a refusal (400 or 413) or an update the engine
// can take: one kind of input, the browser's id, valid text within the
// limit, and the web chat's capabilities.
func FuzzMessage(f *testing.F) {
	f.Add([]byte(`{"id":"abcdefgh","text":"  hello  ","hint":"ko"}`))
	f.Add([]byte(`{"id":"abcdefgh","text":"/start point_pa08_hcmc","hint":"zh-TW"}`))
	f.Add([]byte(`{"id":"abcdefgh","press":{"data":"a|menu|main|check","msg":3}}`))
	f.Add([]byte(`{"id":"abcdefgh","lang":"ko","hint":"vi"}`))
	f.Add([]byte(`{"id":"abcdefgh","text":"x","lang":"ko"}`))
	f.Add([]byte(`{"id":"abcdefgh","press":{"data":"","msg":-1}}`))
	lim := DefaultLimits()
	chat := bot.Chat{Channel: bot.ChannelWeb, ID: "v", Kind: bot.ChatPrivate}
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := parseMessage(body, lim)
		if err != nil {
			if err != errBadInput && err != errTooLarge {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(body) > lim.MaxBody || !clientID.MatchString(m.ID) || !utf8.ValidString(m.Text) || utf8.RuneCountInString(m.Text) > lim.MaxText {
			t.Fatalf("accepted %q as %+v", body, m)
		}
		u, lang := m.update(chat, time.Unix(0, 0))
		if _, ok := bot.ParseLang(lang); !ok {
			t.Fatalf("replies in %q", lang)
		}
		if u.ID != m.ID || u.Chat != chat || u.Caps == nil || !u.Caps.Buttons || u.Caps.DeepLinks {
			t.Fatalf("update %+v", u)
		}
		switch u.Kind {
		case bot.UpdateText:
			if u.Text == "" || strings.HasPrefix(u.Text, "/") {
				t.Fatalf("text update %q", u.Text)
			}
		case bot.UpdateCommand:
			if !strings.HasPrefix(m.Text, "/") {
				t.Fatalf("command from %q", m.Text)
			}
		case bot.UpdateButton:
			if u.Button == nil || u.Button.Data == "" || len(u.Button.Data) > 64 || u.Button.MessageID < 0 {
				t.Fatalf("button %+v", u.Button)
			}
		default:
			t.Fatalf("kind %q", u.Kind)
		}
	})
}

// FuzzToken checks that a visitor token is taken apart only in its one
// form, into a web chat and a secret's hash, and that what the server
// issues always parses.
func FuzzToken(f *testing.F) {
	token, _, err := newToken(strings.NewReader(strings.Repeat("x", idBytes+secretBytes)))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(token)
	f.Add("not-a-token")
	f.Add(strings.Repeat("a", idLen) + "." + strings.Repeat("A", secretLen))
	f.Add(strings.Repeat("a", idLen) + "." + strings.Repeat("=", secretLen))
	f.Fuzz(func(t *testing.T, token string) {
		v, ok := parseToken(token)
		if !ok {
			return
		}
		id, secret, _ := strings.Cut(token, ".")
		if len(id) != idLen || len(secret) != secretLen || v.chat.ID != id || v.chat.Channel != bot.ChannelWeb ||
			v.chat.Kind != bot.ChatPrivate || len(v.hash) != 64 {
			t.Fatalf("%q parsed as %+v", token, v)
		}
		issued, w, err := newToken(strings.NewReader(token + strings.Repeat("x", idBytes+secretBytes)))
		if err != nil {
			t.Fatal(err)
		}
		if again, ok := parseToken(issued); !ok || again != w {
			t.Fatalf("issued %q does not parse back: %+v %v", issued, again, ok)
		}
	})
}
