package zalooa_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

// FuzzDecode checks that any body decodes without panic, that only bodies
// that are not JSON objects are refused, and that what comes out is fit
// for the engine and for storage keys.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(testBody))
	f.Add([]byte(`{"event_name":"follow","timestamp":1754405178258,"follower":{"id":8412345678901234567}}`))
	f.Add([]byte(`{"event_name":"user_send_image","timestamp":"x","sender":{"id":[]},"message":{"msg_id":1e400}}`))
	f.Add([]byte(`{"event_name":"user_send_text","timestamp":"1","sender":{"id":"8"},"message":{"msg_id":"m","text":"\ud800/x"}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := zalooa.Decode(body)
		var top map[string]json.RawMessage
		isObject := json.Unmarshal(body, &top) == nil && top != nil
		if (err != nil) == isObject {
			t.Fatalf("err = %v for a body that is an object: %v", err, isObject)
		}
		if err != nil {
			if !errors.Is(err, zalooa.ErrMalformedEvent) {
				t.Fatalf("err = %v", err)
			}
			return
		}
		u := ev.Update
		for _, s := range []string{ev.Name, ev.Key, u.ID, u.Text, u.Command, u.Payload, u.Chat.ID} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		if ev.Kind == zalooa.KindIgnored {
			if ev.Key != "" || u.Kind != bot.UpdateIgnored {
				t.Fatalf("ignored event with key %q or update %+v", ev.Key, u)
			}
			return
		}
		if ev.Key == "" || u.ID != ev.Key || u.Chat.Channel != zalooa.Channel || u.Chat.ID != ev.UserID || u.Chat.ID == "" {
			t.Fatalf("event %+v without key or chat", ev)
		}
		if strings.ContainsAny(ev.Key+u.Chat.ID, "{} \n") {
			t.Fatalf("key %q or chat %q unfit for a storage key", ev.Key, u.Chat.ID)
		}
		if ev.Kind == zalooa.KindMessage && (u.Text == "" || u.Kind != bot.UpdateText && u.Kind != bot.UpdateCommand) {
			t.Fatalf("message %+v", u)
		}
	})
}

// FuzzVerify checks that Verify never panics and accepts only the body
// the fake signed: any change to the body or the header fails.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(testBody), "", 0)
	f.Add([]byte(`{"timestamp":12}`), "mac=", 3)
	f.Add([]byte(`{"timestamp":"1"}`), "x", 7)
	w, err := zalooa.NewWebhook(zalooa.Config{AppID: fakeoa.AppID, SecretKey: fakeoa.SecretKey, AppSecret: fakeoa.AppSecret})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, header string, flip int) {
		good := fakeoa.Signature(body)
		if !strings.Contains(string(body), "timestamp") {
			if w.Verify(good, body) {
				t.Fatalf("a body without a timestamp verified")
			}
		}
		if w.Verify(header, body) && header != good && !strings.EqualFold(strings.TrimSpace(header), good) &&
			!strings.EqualFold(strings.TrimSpace(header), strings.TrimPrefix(good, "mac=")) {
			t.Fatalf("a header other than the signature verified: %q", header)
		}
		if len(body) > 0 && w.Verify(good, body) {
			changed := append([]byte(nil), body...)
			i := (flip%len(body) + len(body)) % len(body)
			changed[i] ^= 0x01
			if w.Verify(good, changed) && string(changed) != string(body) {
				// Only a change the timestamp read cannot see and the hash
				// can: none exists, so this is a failure.
				t.Fatalf("a changed body verified: %q", changed)
			}
		}
	})
}
