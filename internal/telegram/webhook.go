package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// WebhookInfo is what getWebhookInfo reports. It has the fields tgbotapi's
// own WebhookInfo lacks (last_synchronization_error_date).
type WebhookInfo struct {
	URL                          string   `json:"url"`
	HasCustomCertificate         bool     `json:"has_custom_certificate"`
	PendingUpdateCount           int      `json:"pending_update_count"`
	IPAddress                    string   `json:"ip_address,omitempty"`
	LastErrorDate                int64    `json:"last_error_date,omitempty"`
	LastErrorMessage             string   `json:"last_error_message,omitempty"`
	LastSynchronizationErrorDate int64    `json:"last_synchronization_error_date,omitempty"`
	MaxConnections               int      `json:"max_connections,omitempty"`
	AllowedUpdates               []string `json:"allowed_updates,omitempty"`
}

// AllowedUpdates lists the update types the Decoder acts on; pass it to
// SetWebhook so that Telegram does not post the others at all.
func AllowedUpdates() []string {
	return []string{"message", "callback_query", "my_chat_member"}
}

// SetWebhook points Telegram at url. Telegram then sends secret in the
// X-Telegram-Bot-Api-Secret-Token header of every update (1-256 characters
// of A-Z, a-z, 0-9, _ and -). A nil allowedUpdates keeps Telegram's current
// list; maxConnections 0 keeps its default (40).
//
// tgbotapi's WebhookConfig has no secret_token, hence the raw MakeRequest.
func (c *Client) SetWebhook(ctx context.Context, url, secret string, allowedUpdates []string, maxConnections int) error {
	if !validSecret(secret) {
		return errors.New("telegram: webhook secret must be 1-256 characters of A-Z a-z 0-9 _ -")
	}
	params := tgbotapi.Params{"url": url, "secret_token": secret}
	if allowedUpdates != nil {
		b, _ := json.Marshal(allowedUpdates)
		params["allowed_updates"] = string(b)
	}
	if maxConnections > 0 {
		params["max_connections"] = strconv.Itoa(maxConnections)
	}
	_, err := c.makeRequest(ctx, "setWebhook", params)
	return err
}

// DeleteWebhook removes the webhook; dropPending also discards the updates
// Telegram holds for the bot.
func (c *Client) DeleteWebhook(ctx context.Context, dropPending bool) error {
	_, err := c.call(ctx, "deleteWebhook", tgbotapi.DeleteWebhookConfig{DropPendingUpdates: dropPending})
	return err
}

// WebhookInfo reports the webhook Telegram has for the bot and its last
// delivery error, if any.
func (c *Client) WebhookInfo(ctx context.Context) (WebhookInfo, error) {
	resp, err := c.makeRequest(ctx, "getWebhookInfo", nil)
	if err != nil {
		return WebhookInfo{}, err
	}
	var info WebhookInfo
	if err := json.Unmarshal(resp.Result, &info); err != nil {
		return WebhookInfo{}, errors.New("telegram: getWebhookInfo: unexpected result")
	}
	return info, nil
}

func validSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
