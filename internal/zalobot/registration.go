package zalobot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/eidbot/eidbot/internal/zalojson"
)

// WebhookInfo is the webhook Zalo holds for the bot [O]. Zalo reports
// neither the secret nor delivery errors.
type WebhookInfo struct {
	URL       string    // "" when no webhook is set
	UpdatedAt time.Time // when it was last changed
}

// SetWebhook points Zalo at url, which must be HTTPS (plain HTTP only to a
// loopback address, for tests). Zalo then sends secret, which must pass
// ValidSecret, in the SecretHeader of every event.
func (c *Client) SetWebhook(ctx context.Context, hook, secret string) (WebhookInfo, error) {
	if err := validHookURL(hook); err != nil {
		return WebhookInfo{}, err
	}
	if err := ValidSecret(secret); err != nil {
		return WebhookInfo{}, err
	}
	return c.webhookCall(ctx, "setWebhook", map[string]string{"url": hook, "secret_token": secret})
}

// WebhookInfo reports the webhook Zalo has for the bot.
func (c *Client) WebhookInfo(ctx context.Context) (WebhookInfo, error) {
	return c.webhookCall(ctx, "getWebhookInfo", nil)
}

// DeleteWebhook removes the webhook, e.g. to poll with getUpdates instead.
func (c *Client) DeleteWebhook(ctx context.Context) error {
	_, err := c.webhookCall(ctx, "deleteWebhook", nil)
	return err
}

func (c *Client) webhookCall(ctx context.Context, method string, params any) (WebhookInfo, error) {
	result, err := c.call(ctx, method, params)
	if err != nil {
		return WebhookInfo{}, err
	}
	var raw struct {
		URL       string          `json:"url"`
		UpdatedAt zalojson.String `json:"updated_at"`
	}
	if len(result) > 0 && string(result) != "true" && string(result) != "null" {
		if json.Unmarshal(result, &raw) != nil {
			return WebhookInfo{}, fmt.Errorf("zalobot: %s: unexpected result", method)
		}
	}
	return WebhookInfo{URL: raw.URL, UpdatedAt: eventTime(raw.UpdatedAt)}, nil
}

// validHookURL accepts an absolute HTTPS URL, or HTTP to a loopback host.
func validHookURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return errors.New("zalobot: the webhook URL must be an absolute https URL")
	}
	if u.Scheme == "https" {
		return nil
	}
	ip := net.ParseIP(u.Hostname())
	if u.Scheme == "http" && (u.Hostname() == "localhost" || ip != nil && ip.IsLoopback()) {
		return nil
	}
	return errors.New("zalobot: the webhook URL must be https (http only to a loopback address)")
}
