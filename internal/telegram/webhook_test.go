package telegram

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

func TestSetWebhook(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	ctx := context.Background()
	if err := c.SetWebhook(ctx, "https://eid.example.vn/telegram/webhook", "s3cr3t_-X", AllowedUpdates(), 20); err != nil {
		t.Fatal(err)
	}
	p := srv.CallsTo("setWebhook")[0].Params
	if p["url"] != "https://eid.example.vn/telegram/webhook" || p["secret_token"] != "s3cr3t_-X" ||
		p["allowed_updates"] != `["message","callback_query","my_chat_member"]` || p["max_connections"] != "20" {
		t.Errorf("params = %v", p)
	}
	info, err := c.WebhookInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.URL != "https://eid.example.vn/telegram/webhook" || info.MaxConnections != 20 || !slices.Equal(info.AllowedUpdates, AllowedUpdates()) {
		t.Errorf("info = %+v", info)
	}
	if err := c.DeleteWebhook(ctx, true); err != nil {
		t.Fatal(err)
	}
	if p := srv.CallsTo("deleteWebhook")[0].Params; p["drop_pending_updates"] != "true" {
		t.Errorf("deleteWebhook params = %v", p)
	}
	if info, err := c.WebhookInfo(ctx); err != nil || info.URL != "" {
		t.Errorf("after delete: %+v, %v", info, err)
	}
}

func TestSetWebhookRefusesBadSecret(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	for _, secret := range []string{"", "has space", "ü"} {
		if err := c.SetWebhook(context.Background(), "https://x", secret, nil, 0); err == nil {
			t.Errorf("secret %q accepted", secret)
		}
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls", n)
	}
}

func TestSetCommands(t *testing.T) {
	c, srv, _ := newTestClient(t, nil)
	cmds := []Command{{Name: "start", Description: "Bắt đầu"}, {Name: "language", Description: "Đổi ngôn ngữ"}}
	if err := c.SetCommands(context.Background(), "vi", cmds); err != nil {
		t.Fatal(err)
	}
	p := srv.CallsTo("setMyCommands")[0].Params
	if p["language_code"] != "vi" || p["commands"] != `[{"command":"start","description":"Bắt đầu"},{"command":"language","description":"Đổi ngôn ngữ"}]` {
		t.Errorf("params = %v", p)
	}
	if got := srv.Commands("vi"); len(got) != 2 || got[1].Command != "language" {
		t.Errorf("stored = %+v", got)
	}
	if err := c.SetCommands(context.Background(), "", []Command{{Name: "Bad-Name", Description: "x"}}); !errors.Is(err, bot.ErrRejected) {
		t.Errorf("bad command: err = %v, want ErrRejected", err)
	}
	if _, ok := srv.CallsTo("setMyCommands")[1].Params["language_code"]; ok {
		t.Error("empty lang must not send language_code")
	}
}
