package telegram

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/eidbot/eidbot/bot"
)

// APIError is an answer of the Bot API with ok=false. A 403 (the user
// blocked the bot, or the bot was removed from the chat) unwraps to
// bot.ErrBlocked, a 400 to bot.ErrRejected; anything else is temporary for
// the engine. Description is Telegram's own text, which never quotes the
// message that was sent.
type APIError struct {
	Method      string
	Code        int
	Description string
	RetryAfter  time.Duration // 429: how long Telegram asks us to wait
	MigrateTo   int64         // 400 in an upgraded group: the supergroup's id
}

// Error renders the method, code and description.
func (e *APIError) Error() string {
	return fmt.Sprintf("telegram: %s: %d %s", e.Method, e.Code, e.Description)
}

// Unwrap maps the code onto the bot package's sentinel errors.
func (e *APIError) Unwrap() error {
	switch e.Code {
	case http.StatusForbidden:
		return bot.ErrBlocked
	case http.StatusBadRequest:
		return bot.ErrRejected
	}
	return nil
}

// FloodWait is how long Telegram asked to wait before the next request (a
// 429; at least a second), 0 for any other error. Packages that must not
// import this one (the campaign worker) find it through an interface.
func (e *APIError) FloodWait() time.Duration {
	if e.Code != http.StatusTooManyRequests {
		return 0
	}
	return max(e.RetryAfter, time.Second)
}

// MigratedTo is the new supergroup id when the request went to a group
// that was upgraded, else 0.
func (e *APIError) MigratedTo() string {
	if e.MigrateTo == 0 {
		return ""
	}
	return strconv.FormatInt(e.MigrateTo, 10)
}

// classify turns what one attempt through d returned into the error the
// caller sees and says whether another attempt may succeed.
func (c *Client) classify(method string, err error, d *boundDoer) (out error, retry bool) {
	status := d.status // of the response, 0 if there was none
	var tgErr *tgbotapi.Error
	var tErr *transportError
	switch {
	case errors.As(err, &tgErr):
		e := &APIError{
			Method: method, Code: tgErr.Code, Description: tgErr.Message,
			RetryAfter: time.Duration(tgErr.RetryAfter) * time.Second, MigrateTo: tgErr.MigrateToChatID,
		}
		if e.Code == 0 { // uploads: tgbotapi drops the code, the HTTP status has it
			e.Code = status
		}
		return e, e.Code >= 500 || e.Code == 0
	case errors.As(err, &tErr):
		return fmt.Errorf("telegram: %s: %w", method, c.redact(err)), true
	case !d.sent:
		// tgbotapi failed before sending anything (encoding the
		// parameters): another attempt would fail the same way.
		return rejected("%s: building the request: %v", method, c.redact(err)), false
	case status >= 500:
		// A proxy's HTML error page: tgbotapi fails to decode it.
		return &APIError{Method: method, Code: status, Description: http.StatusText(status)}, true
	}
	return fmt.Errorf("telegram: %s: bad response (HTTP %d): %w", method, status, c.redact(err)), true
}

// isNotModified reports Telegram's refusal to edit a message into what it
// already is, which for us means the edit is done.
func isNotModified(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == http.StatusBadRequest &&
		strings.Contains(e.Description, "message is not modified")
}

// rejected builds an error for a reply that cannot be sent as it is.
func rejected(format string, args ...any) error {
	return fmt.Errorf("telegram: "+format+": %w", append(args, bot.ErrRejected)...)
}
