package bot_test

import (
	"encoding/json"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

func TestParseUserID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bot.UserID
		ok   bool
	}{
		{"12345", "tg:12345", true},
		{" 12345 ", "tg:12345", true},
		{"tg:12345", "tg:12345", true},
		{"zb:e4ea2cd5189df1c3a88c", "zb:e4ea2cd5189df1c3a88c", true},
		{"zo:8412345678901234567", "zo:8412345678901234567", true},
		{"web:Zx81-aa", "web:Zx81-aa", true},
		{"0", "", false},
		{"-5", "", false},
		{"", "", false},
		{"xx:1", "", false},
		{"tg:", "", false},
		{"tg:1|2", "", false},
		{"tg:{1}", "", false},
	} {
		got, ok := bot.ParseUserID(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseUserID(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	u := bot.UserID("zb:e4ea")
	if u.Channel() != "zb" || u.Native() != "e4ea" || u.PrivateChat() != (bot.Chat{Channel: "zb", ID: "e4ea", Kind: bot.ChatPrivate}) {
		t.Errorf("parts of %q: %q %q %+v", u, u.Channel(), u.Native(), u.PrivateChat())
	}
}

// Records written when ids were Telegram int64s decode to the same ids.
func TestLegacyIDsDecode(t *testing.T) {
	var c bot.Campaign
	if err := json.Unmarshal([]byte(`{"author":12345,"approver":0,"author_chat":{"Channel":"tg","ID":12345,"Kind":"private"}}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.Author != "tg:12345" || c.Approver != "" || c.AuthorChat.ID != "12345" {
		t.Errorf("legacy campaign: %+v", c)
	}
	var s bot.Session
	if err := json.Unmarshal([]byte(`{"chat":{"Channel":"tg","ID":-100987,"Kind":"group"},"applied":[1,2]}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.Chat.Key() != "tg:-100987" || !s.HasApplied("2") {
		t.Errorf("legacy session: %+v", s)
	}
	var round bot.Session
	s.Chat.ID, s.Applied = "e4ea2cd5", bot.UpdateIDs{"a1"}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &round); err != nil || round.Chat != s.Chat || !round.HasApplied("a1") {
		t.Errorf("round trip: %+v %v", round, err)
	}
}
