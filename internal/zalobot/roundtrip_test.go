package zalobot

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalobot/fakezalo"
)

// TestRoundTrip wires the pieces as the server will: Zalo posts an event,
// the webhook authenticates and decodes it, and the reply goes back through
// the Sender. The handler stands in for internal/httpserver and the engine.
func TestRoundTrip(t *testing.T) {
	fake := fakezalo.New(t)
	client, _ := newClient(t, fake, nil)
	sender := NewSender(SenderConfig{Client: client})
	hook := testWebhook(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hook.Authenticate(r.Header.Get(SecretHeader)) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		ev, err := hook.DecodeEvent(body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		u := ev.Update
		var reply bot.Reply
		switch {
		case ev.NonText:
			reply = bot.Reply{Chat: u.Chat, Text: "Tôi chỉ đọc được chữ."}
		case u.Kind == bot.UpdateCommand:
			reply = bot.Reply{Chat: u.Chat, Text: "<b>Chào</b> " + bot.Escape(u.From.FirstName),
				Buttons: [][]bot.Button{{{Label: "Kiểm tra", Data: "check"}}}}
		case u.Kind == bot.UpdateText:
			reply = bot.Reply{Chat: u.Chat, Text: "Bạn viết: " + bot.Escape(u.Text)}
		default:
			return
		}
		if err := sender.SendTurn(r.Context(), u.Chat, bot.Vietnamese, []bot.Reply{reply}); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	ctx := context.Background()
	if _, err := client.SetWebhook(ctx, srv.URL+"/zalo/bot/webhook", testSecret); err != nil {
		t.Fatal(err)
	}
	deliver := func(e fakezalo.Event, want int) {
		t.Helper()
		if status, err := fake.Deliver(ctx, e); err != nil || status != want {
			t.Fatalf("Deliver(%+v) = %d, %v; want %d", e, status, err, want)
		}
	}
	deliver(fakezalo.Event{ChatID: "u1", FromName: "An <3", Text: "/start"}, 200)
	deliver(fakezalo.TextEvent("u1", "a < b & c"), 200)
	deliver(fakezalo.Event{Name: fakezalo.EventSticker, ChatID: "u1", Wrapped: true}, 200)
	if status, err := fake.PostEvent(ctx, srv.URL, "not-the-secret-at-all", fakezalo.TextEvent("u1", "x")); err != nil || status != 401 {
		t.Errorf("a forged secret = %d, %v", status, err)
	}
	if status, err := fake.Post(ctx, srv.URL, testSecret, []byte("{oops")); err != nil || status != 400 {
		t.Errorf("bad JSON = %d, %v", status, err)
	}
	want := []string{"Chào An <3\n\n1. Kiểm tra", "Bạn viết: a < b & c", "Tôi chỉ đọc được chữ."}
	if got := fake.Messages("u1"); !slices.Equal(got, want) {
		t.Errorf("sent %q\nwant %q", got, want)
	}
	if v := fake.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
}
