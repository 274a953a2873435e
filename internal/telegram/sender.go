package telegram

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/eidbot/eidbot/bot"
)

// callbackTextLimit is the most characters an answerCallbackQuery text shows.
const callbackTextLimit = 200

// Send delivers one reply (bot.Sender). Text is sent in HTML parse mode with
// link previews off, split into several messages past MessageLimit; the
// keyboard goes on the last one, whose id is returned. A reply has room for
// one keyboard: inline Buttons win over AskContact, which wins over
// RemoveKeyboard. Errors wrap bot.ErrBlocked (403), bot.ErrRejected (400, or
// a reply that cannot be sent as it is) or are temporary.
//
// If a later part of a split text fails, a retry of the reply sends the
// earlier parts again: delivery is at least once.
func (c *Client) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	chatID, err := strconv.ParseInt(r.Chat.ID, 10, 64)
	if r.Kind != bot.ReplyAnswer && (r.Chat.Channel != Channel || err != nil || chatID == 0) {
		return bot.Sent{}, rejected("%s reply to a chat that is not a Telegram chat", r.Kind)
	}
	if err := checkButtons(r.Buttons); err != nil {
		return bot.Sent{}, err
	}
	switch r.Kind {
	case bot.ReplyText:
		return c.sendText(ctx, chatID, r)
	case bot.ReplyEdit:
		return c.edit(ctx, chatID, r)
	case bot.ReplyAnswer:
		return bot.Sent{}, c.answer(ctx, r)
	case bot.ReplyVenue:
		return c.sendVenue(ctx, chatID, r)
	case bot.ReplyDocument:
		return c.sendDocument(ctx, chatID, r)
	}
	return bot.Sent{}, rejected("unknown reply kind %q", r.Kind)
}

// sendText sends a text, split into messages Telegram accepts.
func (c *Client) sendText(ctx context.Context, chatID int64, r bot.Reply) (bot.Sent, error) {
	chunks := visibleChunks(Split(r.Text, MessageLimit))
	if len(chunks) == 0 {
		return bot.Sent{}, rejected("empty text")
	}
	var sent bot.Sent
	for i, chunk := range chunks {
		cfg := tgbotapi.NewMessage(chatID, chunk)
		cfg.ParseMode = tgbotapi.ModeHTML
		cfg.DisableWebPagePreview = true
		if i == len(chunks)-1 {
			cfg.ReplyMarkup = replyMarkup(r)
		}
		if i == 0 && r.ReplyTo != 0 {
			// The message replied to may be deleted meanwhile: the answer
			// still goes out, without the quote.
			cfg.ReplyToMessageID, cfg.AllowSendingWithoutReply = r.ReplyTo, true
		}
		id, err := c.call(ctx, "sendMessage", cfg)
		if err != nil {
			return bot.Sent{}, err
		}
		sent.MessageID = id
	}
	return sent, nil
}

// visibleChunks drops chunks a client would show as nothing (whitespace or
// bare tags): Telegram refuses empty messages.
func visibleChunks(chunks []string) []string {
	out := chunks[:0]
	for _, c := range chunks {
		if showsText(c) {
			out = append(out, c)
		}
	}
	return out
}

// showsText reports whether a client shows html as something: whether
// plainText(html) holds more than whitespace. Without entities it needs no
// copy: a character outside the tags that is not a space is enough.
func showsText(html string) bool {
	if strings.IndexByte(html, '&') >= 0 {
		return strings.TrimSpace(plainText(html)) != ""
	}
	for i := 0; i < len(html); {
		t := scanToken(html, i)
		if t.kind == tokText {
			if r, _ := utf8.DecodeRuneInString(html[t.start:]); !unicode.IsSpace(r) {
				return true
			}
		}
		i = t.end
	}
	return false
}

// edit changes a message the bot sent: its keyboard only when Text is
// empty, else its text and keyboard. Editing to the same content succeeds.
func (c *Client) edit(ctx context.Context, chatID int64, r bot.Reply) (bot.Sent, error) {
	if r.EditID == 0 {
		return bot.Sent{}, rejected("edit without a message id")
	}
	markup := inlineKeyboard(r.Buttons)
	var err error
	if r.Text == "" {
		_, err = c.call(ctx, "editMessageReplyMarkup", tgbotapi.NewEditMessageReplyMarkup(chatID, r.EditID, markup))
	} else {
		cfg := tgbotapi.NewEditMessageText(chatID, r.EditID, r.Text)
		cfg.ParseMode = tgbotapi.ModeHTML
		cfg.DisableWebPagePreview = true
		if len(r.Buttons) > 0 {
			cfg.ReplyMarkup = &markup
		}
		_, err = c.call(ctx, "editMessageText", cfg)
	}
	if err != nil && !isNotModified(err) {
		return bot.Sent{}, err
	}
	return bot.Sent{MessageID: r.EditID}, nil
}

// answer answers a button press. The text shows as a toast or pop-up
// without parse mode, so the HTML is rendered to plain text.
func (c *Client) answer(ctx context.Context, r bot.Reply) error {
	if r.CallbackID == "" {
		return rejected("answer without a callback id")
	}
	cfg := tgbotapi.NewCallback(r.CallbackID, truncateUnits(plainText(r.Text), callbackTextLimit))
	cfg.ShowAlert = r.Alert
	_, err := c.call(ctx, "answerCallbackQuery", cfg)
	return err
}

// sendVenue sends a place on a map.
func (c *Client) sendVenue(ctx context.Context, chatID int64, r bot.Reply) (bot.Sent, error) {
	if r.Venue == nil {
		return bot.Sent{}, rejected("venue reply without a venue")
	}
	v := r.Venue
	cfg := tgbotapi.NewVenue(chatID, v.Title, v.Address, v.Lat, v.Lon)
	cfg.ReplyMarkup = replyMarkup(r)
	id, err := c.call(ctx, "sendVenue", cfg)
	return bot.Sent{MessageID: id}, err
}

// sendDocument uploads a small file with an HTML caption (Document.Caption,
// else the reply's Text). tgbotapi's upload sends no MIME type: Telegram
// goes by the file name.
func (c *Client) sendDocument(ctx context.Context, chatID int64, r bot.Reply) (bot.Sent, error) {
	doc := r.Document
	if doc == nil || doc.Name == "" {
		return bot.Sent{}, rejected("document reply without a named document")
	}
	cfg := tgbotapi.NewDocument(chatID, tgbotapi.FileBytes{Name: doc.Name, Bytes: doc.Data})
	cfg.Caption = doc.Caption
	if cfg.Caption == "" {
		cfg.Caption = r.Text
	}
	if cfg.Caption != "" {
		cfg.ParseMode = tgbotapi.ModeHTML
	}
	cfg.ReplyMarkup = replyMarkup(r)
	id, err := c.call(ctx, "sendDocument", cfg)
	return bot.Sent{MessageID: id}, err
}

// call runs a method through Request, never Send: tgbotapi's Send
// fails on methods whose result is true rather than a Message. It returns
// the message id when the result is a message, else 0.
func (c *Client) call(ctx context.Context, method string, cfg tgbotapi.Chattable) (int, error) {
	resp, err := c.request(ctx, method, func(d tgbotapi.HTTPClient) (*tgbotapi.APIResponse, error) {
		return c.bind(d).Request(cfg)
	})
	return messageID(resp, err)
}

// makeRequest runs a method with raw parameters, for what tgbotapi's
// configs cannot say (setWebhook's secret_token, getWebhookInfo's fields).
func (c *Client) makeRequest(ctx context.Context, method string, params tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	return c.request(ctx, method, func(d tgbotapi.HTTPClient) (*tgbotapi.APIResponse, error) {
		return c.bind(d).MakeRequest(method, params)
	})
}

// messageID is the id of the message a call returned, 0 if it returned none.
func messageID(resp *tgbotapi.APIResponse, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	var msg struct {
		MessageID int `json:"message_id"`
	}
	_ = json.Unmarshal(resp.Result, &msg) // a bare true leaves 0
	return msg.MessageID, nil
}
