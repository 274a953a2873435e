// Package zalobot is eidbot's Zalo Bot Platform channel: Zalo's
// Telegram-like bot accounts, which exchange plain text only.
//
// Webhook authenticates Zalo's event posts (the X-Bot-Api-Secret-Token
// header) and turns their bodies into channel-neutral bot.Update values
// that carry the channel's Caps (plain text only); Client calls the Bot API
// (JSON POST to <base>/bot<token>/<method>) with bounded retries; Sender is
// a bot.TurnSender that renders a turn's replies with bot/plaintext —
// numbered choices instead of buttons, documents as download links, 2,000
// characters a message — and sends them with sendMessage.
//
// The bot token sits in every request's URL path, so no error or log line
// of this package carries a URL: errors are rebuilt with the token removed.
//
// What is known of the platform, and how surely, is in limits.go: Zalo
// documents no rate limits, no retry policy and no error codes.
package zalobot
