package zalobot

import "time"

// What Zalo's Bot Platform documents, and what this package assumes where it
// documents nothing. Tags as in ZALO.md: [O] Zalo's own docs (a copy dated
// 10 Dec 2025), [T] third-party code consistent across several sources,
// [U] one source, unclear, or our own conservative choice. An operator
// should check every [T] and [U] value against the live platform before
// launch.
const (
	// DefaultAPIURL is the Bot API base. [O]
	DefaultAPIURL = "https://bot-api.zaloplatforms.com"

	// MessageLimit is the most characters sendMessage takes ("1–2000
	// characters"). [O] for the number; [T] for counting in UTF-16 code
	// units, as Zalo's text_styles offsets do: see plaintext.Length, which
	// never counts fewer than code points, so it is the safe reading.
	MessageLimit = 2000

	// MinSecretLen and MaxSecretLen bound the webhook secret. Zalo accepts
	// 8–256 characters [O]; we require 16, which is about 95 bits of
	// printable ASCII, so that the secret cannot be guessed.
	MinSecretLen = 16
	MaxSecretLen = 256

	// SecretHeader carries the webhook secret on every event Zalo posts. [O]
	SecretHeader = "X-Bot-Api-Secret-Token"

	// Event names. [O] for text, image, sticker and unsupported; [T] for
	// voice, which one later copy of the docs lists.
	EventText        = "message.text.received"
	EventImage       = "message.image.received"
	EventSticker     = "message.sticker.received"
	EventVoice       = "message.voice.received"
	EventUnsupported = "message.unsupported.received"

	// BroadcastRate is the most campaign messages per second to Zalo Bot
	// chats, all bot processes together: the global window of the
	// campaign limiter for this channel. Zalo documents no rate limit;
	// this is a conservative guess of ours, well below Telegram's 30. [U]
	BroadcastRate = 5
)

// Retry policy. Zalo documents neither rate limits nor retry advice, so
// these are conservative choices of ours. [U]
const (
	// DefaultAttempts bounds the tries of one call that fails with a
	// network error, a 5xx or a 429.
	DefaultAttempts = 3
	// DefaultBackoff is the first wait between tries, doubled after each.
	DefaultBackoff = 500 * time.Millisecond
	// maxBackoff caps a wait, including one a Retry-After header asks for.
	maxBackoff = 10 * time.Second
	// DefaultTimeout bounds one try when Config.HTTPClient is nil.
	DefaultTimeout = 30 * time.Second
	// maxResponse bounds the answer body read: results are small.
	maxResponse = 1 << 20
)

// Error codes. Zalo documents none for the Bot Platform. The envelope is
// Telegram's ({"ok":false,"error_code":…,"description":…}), so we read the
// codes as Telegram's: [U] every one of them.
const (
	codeUnauthorized = 401 // a wrong token: temporary, so no reply is lost while it is fixed
	codeBlocked      = 403 // the user blocked the bot, or may not be messaged: bot.ErrBlocked
	codeTooMany      = 429 // slow down: retried after a backoff
)

// blockedWords mark a refusal as a block when the code does not. [U]
var blockedWords = []string{"block", "chặn"}
