package zalooa

import "github.com/eidbot/eidbot/bot"

// Caps is what an OA chat can show: plain text of up to MessageLimit
// characters, and nothing else the engine offers — no buttons the engine
// may count on (Config.Buttons only adds them beside the numbers), no
// formatting, no contact or location sharing, no links that open a chat
// with the OA. Every decoded update carries it.
func Caps() *bot.Caps { return &bot.Caps{MaxText: MessageLimit} }
