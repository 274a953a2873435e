package telegram

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/eidbot/eidbot/bot"
)

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// replyMarkup picks the one keyboard a message can carry, or nil.
func replyMarkup(r bot.Reply) any {
	switch {
	case len(r.Buttons) > 0:
		return inlineKeyboard(r.Buttons)
	case r.AskContact != "":
		// One-time and resized: the keyboard disappears once a button is
		// used. Plain buttons below the contact button send their label.
		rows := [][]tgbotapi.KeyboardButton{{tgbotapi.NewKeyboardButtonContact(r.AskContact)}}
		for _, label := range r.Keyboard {
			rows = append(rows, []tgbotapi.KeyboardButton{tgbotapi.NewKeyboardButton(label)})
		}
		return tgbotapi.ReplyKeyboardMarkup{Keyboard: rows, ResizeKeyboard: true, OneTimeKeyboard: true}
	case r.RemoveKeyboard:
		return tgbotapi.NewRemoveKeyboard(false)
	}
	return nil
}

// inlineKeyboard maps button rows; no rows give an empty keyboard, which
// removes the one a message had.
func inlineKeyboard(rows [][]bot.Button) tgbotapi.InlineKeyboardMarkup {
	out := make([][]tgbotapi.InlineKeyboardButton, 0, len(rows))
	for _, row := range rows {
		if len(row) == 0 {
			continue // Telegram refuses empty rows
		}
		buttons := make([]tgbotapi.InlineKeyboardButton, 0, len(row))
		for _, b := range row {
			if b.URL != "" {
				buttons = append(buttons, tgbotapi.NewInlineKeyboardButtonURL(b.Label, b.URL))
			} else {
				buttons = append(buttons, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Data))
			}
		}
		out = append(out, buttons)
	}
	return tgbotapi.InlineKeyboardMarkup{InlineKeyboard: out}
}

// checkButtons rejects buttons Telegram would refuse, before any message of
// a split text is sent.
func checkButtons(rows [][]bot.Button) error {
	for _, row := range rows {
		for _, b := range row {
			if b.URL == "" && (b.Data == "" || len(b.Data) > maxCallbackData) {
				return rejected("button %q: callback data must be 1-%d bytes", b.Label, maxCallbackData)
			}
		}
	}
	return nil
}
