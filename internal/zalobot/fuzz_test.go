package zalobot

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalojson"
)

// FuzzDecode checks that any body decodes without panic, that only bodies
// that are not JSON objects are refused, and that what comes out is fit
// for the engine: valid UTF-8, ids fit for storage keys, a chat for every
// update to act on.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(event(EventText, private+`,"text":"/start ref"`)))
	f.Add([]byte(`{"ok":true,"result":` + event(EventSticker, group) + `}`))
	f.Add([]byte(event(EventText, `"message_id":1,"date":"x","from":{"id":[]},"chat":{"id":"a","chat_type":7},"text":"\ud800"`)))
	f.Add([]byte(`{"result":{"result":{}}}`))
	f.Add([]byte(`[]`))
	w, err := NewWebhook(testSecret, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := w.DecodeEvent(body)
		var top map[string]json.RawMessage
		isObject := json.Unmarshal(body, &top) == nil && top != nil
		if (err != nil) == isObject {
			t.Fatalf("err = %v for a body that is an object: %v", err, isObject)
		}
		if err != nil {
			if !errors.Is(err, ErrMalformedEvent) {
				t.Fatalf("err = %v, want ErrMalformedEvent", err)
			}
			return
		}
		u := ev.Update
		for _, s := range []string{ev.Name, u.ID, u.Text, u.Command, u.Payload, u.From.FirstName, string(u.From.ID), u.Chat.ID} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		switch u.Kind {
		case bot.UpdateText, bot.UpdateCommand:
			if u.ID == "" || u.Chat.ID == "" || u.Chat.Channel != Channel || u.Text == "" {
				t.Fatalf("%s update without id, chat or text: %+v", u.Kind, u)
			}
			if u.Kind == bot.UpdateCommand && (u.Command == "" || !bot.ValidCommandName(u.Command)) {
				t.Fatalf("bad command %q", u.Command)
			}
		case bot.UpdateIgnored, bot.UpdateUnsupported:
		default:
			t.Fatalf("unexpected kind %q", u.Kind)
		}
		if ev.NonText != (u.Kind == bot.UpdateUnsupported) || ev.NonText && (u.Chat.ID == "" || u.ID == "") || u.Caps == nil || u.Caps.Buttons {
			t.Fatalf("non-text event %+v", u)
		}
		for _, s := range []string{u.ID, u.Chat.ID, u.From.ID.Native()} {
			if s != zalojson.ID(zalojson.String(s)) {
				t.Fatalf("id %q is not fit for a storage key", s)
			}
		}
	})
}
