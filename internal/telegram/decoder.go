package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/eidbot/eidbot/bot"
)

// Channel is the bot.Chat.Channel value of every Telegram chat.
const Channel = "tg"

// ErrMalformedUpdate is returned by Decode when a body is not a JSON object
// with an integer update_id. Only then should the webhook answer 400: every
// other body is a real update Telegram would retry for a day if refused.
var ErrMalformedUpdate = errors.New("telegram: malformed update")

// Decoder turns Telegram webhook bodies into bot.Update values. BotID and
// Username identify our own bot (from getMe, see Client): they decide whether
// a group message is addressed to us. A zero Decoder works but treats every
// group command as ours and no reply as a reply to us.
type Decoder struct {
	BotID    int64
	Username string       // without "@"; compared case-insensitively
	Log      *slog.Logger // nil discards
}

// Decode maps one webhook body to a bot.Update. Updates the bot does not act
// on, including those go-telegram-bot-api cannot decode, come back as
// bot.UpdateIgnored with a nil error, so that the webhook acknowledges them.
// The error (wrapping ErrMalformedUpdate) is reserved for bodies that are not
// a JSON object with an integer update_id. Strings are kept raw except that
// invalid UTF-8 is replaced; escaping is the caller's job.
func (d *Decoder) Decode(body []byte) (bot.Update, error) {
	var raw tgbotapi.Update
	if err := json.Unmarshal(body, &raw); err != nil {
		return d.undecodable(body, err)
	}
	id := int64(raw.UpdateID)
	if id == 0 {
		// 0 is a legal update_id, but it is also what a missing or null
		// update_id decodes to: look at the literal.
		var err error
		if id, _, err = envelope(body); err != nil {
			return bot.Update{}, err
		}
	}
	u := d.mapUpdate(&raw)
	u.ID = strconv.FormatInt(id, 10)
	return u, nil
}

// undecodable handles a body go-telegram-bot-api refused, e.g. the inline
// query with a numeric id from Telegram's own docs. If it still has an
// integer update_id, it is acknowledged as ignored and logged with its
// top-level keys only: payloads carry names, texts and phone numbers.
func (d *Decoder) undecodable(body []byte, cause error) (bot.Update, error) {
	id, keys, err := envelope(body)
	if err != nil {
		return bot.Update{}, err
	}
	d.logger().Warn("telegram: update not decodable, acknowledged as ignored",
		"update_id", id, "keys", keys, "error_kind", fmt.Sprintf("%T", cause))
	return bot.Update{ID: strconv.FormatInt(id, 10), Kind: bot.UpdateIgnored}, nil
}

// envelope reads update_id and the top-level keys of a JSON object. The id
// is read through a struct field, as in tgbotapi.Update, so that both decode
// paths agree on which key is the update_id (encoding/json matches keys
// case-insensitively, the last one winning).
func envelope(body []byte) (id int64, keys []string, err error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return 0, nil, fmt.Errorf("%w: not a JSON object", ErrMalformedUpdate)
	}
	var field struct {
		UpdateID json.RawMessage `json:"update_id"`
	}
	if err := json.Unmarshal(body, &field); err != nil || field.UpdateID == nil {
		return 0, nil, fmt.Errorf("%w: no update_id", ErrMalformedUpdate)
	}
	id, err = strconv.ParseInt(string(field.UpdateID), 10, 64)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: update_id is not an integer", ErrMalformedUpdate)
	}
	return id, slices.Sorted(maps.Keys(top)), nil
}

func (d *Decoder) logger() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}
