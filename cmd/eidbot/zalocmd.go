package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/eidbot/eidbot/internal/zalobot"
)

// zaloClient connects to the Zalo Bot Platform for an operations command.
func zaloClient(getenv func(string) string) (*zalobot.Client, Config, error) {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return nil, cfg, fmt.Errorf("configuration:\n%w", err)
	}
	if !cfg.ZaloBot() {
		return nil, cfg, errors.New("ZALO_BOT_TOKEN is not set")
	}
	c, err := zalobot.New(zalobot.Config{Token: cfg.Zalo.Token, APIURL: cfg.Zalo.APIURL, HTTPClient: &http.Client{Timeout: 15 * time.Second}})
	return c, cfg, err
}

// zaloSetWebhookCommand is "eidbot zalo-bot set-webhook": it points the
// Zalo Bot Platform at the webhook, with the secret Zalo then sends.
func zaloSetWebhookCommand() *command {
	return &command{
		name:    "zalo-bot set-webhook",
		args:    "[--url URL]",
		summary: "register the Zalo Bot Platform webhook with its secret",
		about: "Needs ZALO_BOT_TOKEN, ZALO_BOT_WEBHOOK_SECRET and EIDBOT_PUBLIC_URL (ZALO_BOT_API_URL for another\n" +
			"API server). Exit status 1 when Zalo refuses, 2 for a bad --url.",
		flags: func(fs *flag.FlagSet) action {
			rawURL := fs.String("url", "", "public HTTPS URL of "+zaloPath+" (default: $EIDBOT_PUBLIC_URL"+zaloPath+")")
			return func(ctx context.Context, e *proc, _ []string) error {
				return runZaloSetWebhook(ctx, *rawURL, e.getenv, e.stdout)
			}
		},
	}
}

// runZaloSetWebhook checks the URL, then registers the webhook.
func runZaloSetWebhook(ctx context.Context, rawURL string, getenv func(string) string, stdout io.Writer) error {
	if rawURL != "" {
		if _, err := publicURL(rawURL); err != nil {
			return usagef("zalo-bot set-webhook: --url must be an https:// URL (Zalo only calls HTTPS webhooks)")
		}
	}
	c, cfg, err := zaloClient(getenv)
	if err != nil {
		return err
	}
	defer c.Close()
	if rawURL == "" {
		rawURL = cfg.PublicURL + zaloPath
	}
	info, err := c.SetWebhook(ctx, rawURL, cfg.Zalo.Secret)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "webhook set: %s (Zalo sends the secret in %s)\n", info.URL, zalobot.SecretHeader)
	return nil
}

// zaloWebhookInfoCommand is "eidbot zalo-bot webhook-info".
func zaloWebhookInfoCommand() *command {
	return &command{
		name:    "zalo-bot webhook-info",
		summary: "print the Zalo Bot Platform's view of the webhook: URL, last change",
		about:   "Needs ZALO_BOT_TOKEN and ZALO_BOT_WEBHOOK_SECRET. Prints JSON; Zalo reports no delivery errors.",
		flags: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *proc, _ []string) error {
				return runZaloWebhookInfo(ctx, e.getenv, e.stdout)
			}
		},
	}
}

// runZaloWebhookInfo asks Zalo for the webhook it holds.
func runZaloWebhookInfo(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	c, _, err := zaloClient(getenv)
	if err != nil {
		return err
	}
	defer c.Close()
	info, err := c.WebhookInfo(ctx)
	if err != nil {
		return err
	}
	out := struct {
		URL       string    `json:"url"`
		UpdatedAt time.Time `json:"updated_at,omitzero"`
	}{info.URL, info.UpdatedAt}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
