package zalobot

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/zalojson"
)

// Message is what sendMessage reports about a sent message [O].
type Message struct {
	ID   string    // Zalo's message_id, hexadecimal
	Date time.Time // zero if Zalo did not say
}

// SendMessage sends text to a chat. The text must be 1 to MessageLimit
// characters (plaintext.Length); a text outside that, or an empty chat id,
// is refused without a call, with an error wrapping bot.ErrRejected. Other
// errors are as described for APIError.
func (c *Client) SendMessage(ctx context.Context, chatID, text string) (Message, error) {
	if zalojson.ID(zalojson.String(chatID)) == "" {
		return Message{}, rejected("sendMessage: not a Zalo chat id")
	}
	if n := plaintext.Length(text); n < 1 || n > MessageLimit || strings.TrimSpace(text) == "" {
		return Message{}, rejected("sendMessage: text of %d characters, want 1-%d", n, MessageLimit)
	}
	result, err := c.call(ctx, "sendMessage", map[string]string{"chat_id": chatID, "text": text})
	if err != nil {
		return Message{}, err
	}
	// The message is sent: an odd result must not make anyone send it again.
	var m struct {
		MessageID zalojson.String `json:"message_id"`
		Date      zalojson.String `json:"date"`
	}
	_ = json.Unmarshal(result, &m)
	return Message{ID: string(m.MessageID), Date: eventTime(m.Date)}, nil
}
