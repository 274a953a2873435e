package telegram

import (
	"context"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Command is one entry of the command menu Telegram clients show after "/".
type Command struct {
	Name        string // without "/": 1-32 of a-z, 0-9, _
	Description string // 1-256 characters
}

// SetCommands sets the command menu shown to users whose client language is
// lang (an ISO 639-1 code); an empty lang sets the default menu for all
// others. A name or description Telegram refuses gives bot.ErrRejected.
func (c *Client) SetCommands(ctx context.Context, lang string, cmds []Command) error {
	list := make([]tgbotapi.BotCommand, len(cmds))
	for i, cmd := range cmds {
		list[i] = tgbotapi.BotCommand{Command: cmd.Name, Description: cmd.Description}
	}
	_, err := c.call(ctx, "setMyCommands", tgbotapi.SetMyCommandsConfig{Commands: list, LanguageCode: lang})
	return err
}
