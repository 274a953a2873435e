// Package telegram is eidbot's Telegram channel: it turns webhook bodies into
// channel-neutral bot.Update values (Decoder), delivers bot.Reply values as
// Bot API calls (Client, a bot.Sender), and carries the few operations the
// deployment needs (webhook and command menu set-up).
//
// It is the only package that imports go-telegram-bot-api, and every Bot
// API call goes through that library over one net/http client (see
// NewHTTPClient). The library (v5.5.1) lags the Bot API, has no context
// support and can leak the bot token in its errors, so everything here
// wraps it: every call goes through Client.request, which binds a context,
// retries, honours flood waits and maps Telegram's answers onto
// bot.ErrBlocked and bot.ErrRejected.
package telegram
