package redisstore

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

// appendReply writes what json.Marshal writes, for every kind of reply.
func TestReplyJSONMatchesEncodingJSON(t *testing.T) {
	chat := bot.Chat{Channel: "tg", ID: "-1001234", Kind: bot.ChatPrivate}
	for _, r := range []bot.Reply{
		{},
		{Kind: bot.ReplyText, Chat: chat, Text: "<b>Xin chào</b> & \"quotes\" \u2028 \xff"},
		{Kind: bot.ReplyText, Chat: chat, Text: "pick", Buttons: [][]bot.Button{{{Label: "Có", Data: "a|yes"}, {Label: "Web", URL: "https://x.org/?a=1&b=2"}}, nil, {}, {{Label: "both", Data: "d", URL: "u"}}}},
		{Kind: bot.ReplyText, Chat: chat, Text: "phone?", AskContact: "Share", Keyboard: []string{"Skip", "<x>"}},
		{Kind: bot.ReplyText, Chat: chat, Text: "bye", RemoveKeyboard: true, Buttons: [][]bot.Button{}},
		{Kind: bot.ReplyEdit, Chat: chat, EditID: 42, Text: "edited"},
		{Kind: bot.ReplyAnswer, CallbackID: "cb-1", Text: "ok", Alert: true},
		{Kind: bot.ReplyVenue, Chat: chat, Venue: &bot.Venue{Lat: 10.5, Lon: 106.7, Title: "T", Address: "A"}},
		{Kind: bot.ReplyDocument, Chat: chat, Document: &bot.Document{Name: "a.ics", Data: []byte("BEGIN")}},
	} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendReply(nil, &r)
		if err != nil || string(got) != string(want) {
			t.Errorf("got  %s, %v\nwant %s", got, err, want)
		}
	}
}

// appendReply writes bot.Reply's fields by name: a new field must be added
// there (and to the test above) before this list is updated.
func TestReplyJSONKnowsEveryField(t *testing.T) {
	known := []string{"Kind", "Chat", "Text", "Buttons", "AskContact", "Keyboard", "RemoveKeyboard", "EditID", "CallbackID", "Alert", "Venue", "Document"}
	var fields []string
	for f := range reflect.TypeFor[bot.Reply]().Fields() {
		fields = append(fields, f.Name)
	}
	if !slices.Equal(fields, known) {
		t.Errorf("bot.Reply has fields %v; appendReply knows %v", fields, known)
	}
	for typ, want := range map[reflect.Type][]string{
		reflect.TypeFor[bot.Chat]():   {"Channel", "ID", "Kind"},
		reflect.TypeFor[bot.Button](): {"Label", "Data", "URL"},
	} {
		var got []string
		for f := range typ.Fields() {
			got = append(got, f.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%v has fields %v; appendReply knows %v", typ, got, want)
		}
	}
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	all := make([]byte, 0, 256)
	for b := range 256 {
		all = append(all, byte(b))
	}
	for _, s := range []string{"", "plain", `a"b\c`, "<b>&amp;</b>", "\x00\x1f\b\f\n\r\t\x7f", "Xin chào 👋", "\u2028\u2029", "\xff\xfe", "a\xc3", string(all)} {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
}
