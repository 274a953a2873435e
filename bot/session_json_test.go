package bot_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// schema1 is a session record as eidbot wrote it before the compact form,
// with every field set.
const schema1 = `{"schema":1,"chat":{"Channel":"zb","ID":"e4ea2cd5","Kind":"private"},"lang":"ko","lang_set":true,` +
	`"dialog":{"flow":"eligibility","step":"age","answers":{"nationality":"foreign","flow":"x"},` +
	`"history":[{"flow":"menu","step":"start"},{"flow":"eligibility","step":"who"}],"paused":{"flow":"booking","step":"day"},` +
	`"resume":true,"touched":"2026-11-20T08:00:05.123456789Z","offer":"u77",` +
	`"pressed":{"data":"a|x|yes","before":{"flow":"eligibility","step":"who","answers":{"step":"x"},"touched":"2026-11-20T08:00:00Z"}}},` +
	`"case":{"outcome":"eligible","verdict":"eligibility.ok","checklist":"C1","days":7,"days_max":15,` +
	`"answers":{"age":"14_plus"},"decided":"2026-11-19T10:00:00Z"},"blocked":true,` +
	`"shown":{"choices":[{"l":"Có","d":"a|x|yes"}],"previous":[{"l":"Không","d":"a|x|no"}],"at":"2026-11-20T08:00:04Z",` +
	`"notice":"2026-11-20T08:00:00Z"},"area":"ben_thanh",` +
	`"remembered":{"nationality":"foreign"},"applied":["901",902],` +
	`"created":"2026-11-01T01:02:03Z","updated":"2026-11-20T08:00:05Z"}`

// TestSchema1SessionDecodes: a record with the long field names of
// schema 1 decodes to the same session as its compact form, every field
// (and the answers' own keys, which look like field names) intact.
func TestSchema1SessionDecodes(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339Nano, s); return v }
	want := bot.Session{
		Schema: 1, Chat: bot.Chat{Channel: "zb", ID: "e4ea2cd5", Kind: bot.ChatPrivate}, Lang: bot.Korean, LangSet: true,
		Dialog: bot.Dialog{Flow: "eligibility", Step: "age", Answers: map[string]string{"nationality": "foreign", "flow": "x"},
			History: []bot.Position{{Flow: "menu", Step: "start"}, {Flow: "eligibility", Step: "who"}},
			Paused:  &bot.Position{Flow: "booking", Step: "day"}, Resume: true, Touched: at("2026-11-20T08:00:05.123456789Z"),
			Offer: "u77", Pressed: &bot.Pressed{Data: "a|x|yes", Before: bot.Dialog{Flow: "eligibility", Step: "who",
				Answers: map[string]string{"step": "x"}, Touched: at("2026-11-20T08:00:00Z")}}},
		Case: bot.Case{Outcome: "eligible", Verdict: "eligibility.ok", Checklist: "C1", Days: 7, DaysMax: 15,
			Answers: map[string]string{"age": "14_plus"}, Decided: at("2026-11-19T10:00:00Z")},
		Blocked: true, Shown: bot.Shown{Choices: []bot.Choice{{Label: "Có", Data: "a|x|yes"}}, Previous: []bot.Choice{{Label: "Không", Data: "a|x|no"}},
			At: at("2026-11-20T08:00:04Z"), Notice: at("2026-11-20T08:00:00Z")},
		Area: "ben_thanh", Remembered: map[string]string{"nationality": "foreign"}, Applied: bot.UpdateIDs{"901", "902"},
		Created: at("2026-11-01T01:02:03Z"), Updated: at("2026-11-20T08:00:05Z"),
	}
	var got bot.Session
	if err := json.Unmarshal([]byte(schema1), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("schema 1 decoded as\n%+v\nwant\n%+v", got, want)
	}
	compact, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var again bot.Session
	if err := json.Unmarshal(compact, &again); err != nil || !reflect.DeepEqual(again, want) {
		t.Fatalf("the compact form %s decoded as %+v (%v)", compact, again, err)
	}
	if len(compact) >= len(schema1)*85/100 || strings.Contains(string(compact), `"dialog"`) {
		t.Errorf("the compact form is %d bytes of schema 1's %d: %s", len(compact), len(schema1), compact)
	}
}

// TestCompactSessionOmitsZeros: a new session writes no empty case file
// and no zero times.
func TestCompactSessionOmitsZeros(t *testing.T) {
	s := bot.NewSession(bot.Chat{Channel: "tg", ID: "1", Kind: bot.ChatPrivate}, "vi", time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	s.Dialog.Touched = time.Time{}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"s":2,"c":{"Channel":"tg","ID":"1","Kind":"private"},"l":"vi","d":{},"cr":"2026-12-01T08:00:00Z","up":"2026-12-01T08:00:00Z"}`
	if string(b) != want {
		t.Fatalf("new session encodes as\n%s\nwant\n%s", b, want)
	}
}
