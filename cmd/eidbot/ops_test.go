package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/internal/telegram/fakeapi"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestSetWebhookAndCommands(t *testing.T) {
	api := fakeapi.New(t, fakeapi.WithToken(testToken))
	getenv := env(map[string]string{"TELEGRAM_TOKEN": testToken, "TELEGRAM_WEBHOOK_SECRET": testSecret, "TELEGRAM_API_URL": api.URL()})
	var out bytes.Buffer
	err := run(context.Background(), []string{"set-webhook", "--url", "https://bot.example.org/telegram/webhook", "--max-connections", "20"}, getenv, nil, &out, &out)
	if err != nil {
		t.Fatalf("set-webhook: %v\n%s", err, out.String())
	}
	hook := api.CallsTo("setWebhook")
	if len(hook) != 1 {
		t.Fatalf("setWebhook calls: %d", len(hook))
	}
	p := hook[0].Params
	if p["url"] != "https://bot.example.org/telegram/webhook" || p["secret_token"] != testSecret || p["max_connections"] != "20" ||
		!strings.Contains(p["allowed_updates"], "callback_query") || !strings.Contains(p["allowed_updates"], "my_chat_member") {
		t.Fatalf("setWebhook params %v", p)
	}
	langs := map[string]bool{}
	for _, c := range api.CallsTo("setMyCommands") {
		langs[c.Params["language_code"]] = true
		if !strings.Contains(c.Params["commands"], `"forget"`) {
			t.Fatalf("command menu lacks /forget: %s", c.Params["commands"])
		}
	}
	for _, l := range []string{"", "vi", "en", "zh", "ko"} {
		if !langs[l] {
			t.Errorf("no command menu for language %q", l)
		}
	}
	if strings.Contains(out.String(), testToken) {
		t.Fatal("the token was printed")
	}
}

func TestCommandErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"set-webhook", "--url", "http://insecure"}, nil, "https://"},
		{[]string{"serve"}, map[string]string{"TELEGRAM_TOKEN": "x"}, "TELEGRAM_WEBHOOK_SECRET"},
		{[]string{"serve"}, map[string]string{"EIDBOT_ADDR": "nonsense"}, "EIDBOT_ADDR"},
		{[]string{"serve"}, map[string]string{"REDIS_URL": "http://x"}, "REDIS_URL"},
		{[]string{"serve"}, map[string]string{"EIDBOT_WEBCHAT": "off"}, "no channel is configured"},
		{[]string{"frobnicate"}, nil, "unknown command"},
		{[]string{"flows", "graph", "nope"}, nil, `no flow "nope"`},
	} {
		var out bytes.Buffer
		err := run(context.Background(), tc.args, env(tc.env), nil, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one mentioning %q", tc.args, err, tc.want)
		}
	}
}

func TestFlowsCommands(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"flows", "check"}, env(nil), nil, &out, &errOut); err != nil {
		t.Fatalf("flows check: %v\n%s", err, errOut.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"flows", "graph", "eligibility"}, env(nil), nil, &out, &errOut); err != nil || !strings.HasPrefix(out.String(), "flowchart TD") {
		t.Fatalf("flows graph: %v\n%s", err, out.String())
	}
}
