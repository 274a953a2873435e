package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/i18n"
	"github.com/eidbot/eidbot/internal/telegram"
	"github.com/eidbot/eidbot/locales"
)

// telegramClient connects to the Bot API for an operations command.
func telegramClient(ctx context.Context, getenv func(string) string) (*telegram.Client, Config, error) {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return nil, cfg, fmt.Errorf("configuration:\n%w", err)
	}
	if cfg.Token == "" {
		return nil, cfg, fmt.Errorf("TELEGRAM_TOKEN is not set")
	}
	c, err := telegram.New(ctx, telegram.Config{Token: cfg.Token, APIURL: cfg.APIURL, Timeout: 15 * time.Second})
	return c, cfg, err
}

// setWebhookCommand is "eidbot set-webhook --url https://…": it points
// Telegram at the webhook with the secret token and the update kinds the
// bot uses, and sets the command menu in every language.
func setWebhookCommand() *command {
	return &command{
		name:    "set-webhook",
		args:    "--url URL [--max-connections N]",
		summary: "register the webhook (secret, allowed updates) and the command menus",
		about:   "Needs TELEGRAM_TOKEN and TELEGRAM_WEBHOOK_SECRET (TELEGRAM_API_URL for another Bot API server).",
		flags: func(fs *flag.FlagSet) action {
			rawURL := fs.String("url", "", "public HTTPS URL of /telegram/webhook, e.g. https://bot.example.org/telegram/webhook")
			maxConn := fs.Int("max-connections", 40, "how many connections Telegram may open at once (1-100)")
			return func(ctx context.Context, e *proc, _ []string) error {
				return runSetWebhook(ctx, *rawURL, *maxConn, e.getenv, e.stdout)
			}
		},
	}
}

// runSetWebhook checks the flags, then registers the webhook and the menus.
func runSetWebhook(ctx context.Context, rawURL string, maxConn int, getenv func(string) string, stdout io.Writer) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return usagef("set-webhook: --url must be an https:// URL (Telegram only calls HTTPS webhooks)")
	}
	if maxConn < 1 || maxConn > 100 {
		return usagef("set-webhook: --max-connections must be within 1-100")
	}
	c, cfg, err := telegramClient(ctx, getenv)
	if err != nil {
		return err
	}
	if err := c.SetWebhook(ctx, u.String(), cfg.WebhookSecret, telegram.AllowedUpdates(), maxConn); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "webhook set: %s (updates: %s, max %d connections)\n", u, strings.Join(telegram.AllowedUpdates(), ", "), maxConn)
	return setCommands(ctx, c, stdout)
}

// setCommands sets the command menu per language, plus a default (in
// Vietnamese, the service's default language) for every other client.
func setCommands(ctx context.Context, c *telegram.Client, stdout io.Writer) error {
	cat, err := i18n.Load(locales.FS())
	if err != nil {
		return err
	}
	names := declared().Menu()
	menu := func(lang bot.Lang) []telegram.Command {
		cmds := make([]telegram.Command, 0, len(names))
		for _, name := range names {
			cmds = append(cmds, telegram.Command{Name: name, Description: cat.Text(lang, "cmd."+name, nil)})
		}
		return cmds
	}
	if err := c.SetCommands(ctx, "", menu(bot.Vietnamese)); err != nil {
		return err
	}
	for _, lang := range bot.Languages {
		if err := c.SetCommands(ctx, string(lang), menu(lang)); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "command menu set for: default, %v\n", bot.Languages)
	return nil
}

// webhookInfoCommand is "eidbot webhook-info".
func webhookInfoCommand() *command {
	return &command{
		name:    "webhook-info",
		summary: "print Telegram's view of the webhook: URL, pending updates, last error",
		about:   "Needs TELEGRAM_TOKEN and TELEGRAM_WEBHOOK_SECRET. Prints JSON.",
		flags: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *proc, _ []string) error { return runWebhookInfo(ctx, e.getenv, e.stdout) }
		},
	}
}

// runWebhookInfo asks Telegram for the webhook's state.
func runWebhookInfo(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	c, _, err := telegramClient(ctx, getenv)
	if err != nil {
		return err
	}
	info, err := c.WebhookInfo(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(info)
}

// probeCommand is "eidbot probe URL": exit 0 when URL answers 200. The
// container image has no shell or curl, so its health check uses this.
func probeCommand() *command {
	return &command{
		name:    "probe",
		args:    "URL",
		summary: "exit 0 if URL answers 200 within 3 seconds (the container's health check)",
		params:  []string{"URL"},
		flags: func(*flag.FlagSet) action {
			return func(ctx context.Context, _ *proc, args []string) error { return runProbe(ctx, args[0]) }
		},
	}
}

// runProbe gets target and fails unless it answers 200.
func runProbe(ctx context.Context, target string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %d", target, resp.StatusCode)
	}
	return nil
}
