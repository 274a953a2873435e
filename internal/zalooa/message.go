package zalooa

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/zalojson"
)

// Message is one customer-service text message to a user.
type Message struct {
	UserID string // Zalo's user id of the OA follower
	Text   string // 1 to MessageLimit characters (plaintext.Length)
	// ReplyTo is the id of the user's message this answers, sent in
	// ReplyIDField so that Zalo counts the message as a reply. [U]
	ReplyTo string
	// Buttons are sent when not empty; see Config.Buttons.
	Buttons []Button
}

// Button is one button of type ButtonType: pressing it sends Payload back
// as the user's message.
type Button struct {
	Title   string
	Payload string
}

// SendMessage sends a customer-service message with accessToken and
// returns Zalo's id of the sent message. A message with no valid user id
// or a text outside 1..MessageLimit characters is refused without a call
// (bot.ErrRejected). Other errors: see APIError; an expired token wraps
// ErrTokenExpired and is not retried here (see Sender). Network errors,
// 5xx and rate limits are retried; delivery is at least once.
func (c *Client) SendMessage(ctx context.Context, accessToken string, m Message) (string, error) {
	if zalojson.ID(zalojson.String(m.UserID)) == "" {
		return "", rejected("send: not a Zalo user id")
	}
	if n := plaintext.Length(m.Text); n < 1 || n > MessageLimit || strings.TrimSpace(m.Text) == "" {
		return "", rejected("send: text of %d characters, want 1-%d", n, MessageLimit)
	}
	if accessToken == "" {
		return "", ErrNoTokens
	}
	body, err := json.Marshal(c.messageBody(m))
	if err != nil {
		return "", rejected("send: encoding the message: %v", err)
	}
	data, err := c.do(ctx, request{
		op: "send", url: c.cfg.APIURL + SendPath, contentType: "application/json", body: body,
		header: map[string]string{AccessTokenHeader: accessToken}, secrets: []string{accessToken},
	})
	if err != nil {
		return "", err
	}
	// The message is sent: an odd answer must not make anyone send it again.
	var a struct {
		Data struct {
			MessageID zalojson.String `json:"message_id"`
		} `json:"data"`
	}
	_ = json.Unmarshal(data, &a)
	return string(a.Data.MessageID), nil
}

// messageBody is the JSON of a message [O], with the reply id [U] and the
// buttons [T] when there are any.
func (c *Client) messageBody(m Message) map[string]any {
	recipient := map[string]any{"user_id": m.UserID}
	if m.ReplyTo != "" && !c.cfg.NoReplyID {
		recipient[ReplyIDField] = m.ReplyTo
	}
	msg := map[string]any{"text": m.Text}
	if len(m.Buttons) > 0 {
		buttons := make([]map[string]any, len(m.Buttons))
		for i, b := range m.Buttons {
			buttons[i] = map[string]any{"title": b.Title, "type": ButtonType, "payload": b.Payload}
		}
		msg["attachment"] = map[string]any{"type": "template", "payload": map[string]any{"buttons": buttons}}
	}
	return map[string]any{"recipient": recipient, "message": msg}
}
