package zalooa

import "time"

// What this package relies on, and how sure it is. Tags as in ZALO.md:
// [O] Zalo's own code or a verbatim copy of its docs, [T] third-party code
// or pages consistent across several, [U] one source, unclear, or our own
// choice. Every [T] and [U] value must be checked against the live OA
// before launch; codes.go holds the error codes the same way.
const (
	// DefaultAPIURL is the OA API base. [O]
	DefaultAPIURL = "https://openapi.zalo.me"
	// DefaultOAuthURL is the base of the token endpoint. [T]
	DefaultOAuthURL = "https://oauth.zaloapp.com"

	// SendPath sends a customer-service (tư vấn) message. [O]
	SendPath = "/v3.0/oa/message/cs"
	// RefreshPath exchanges a refresh token for a new pair. [T]
	RefreshPath = "/v4/oa/access_token"

	// AccessTokenHeader carries the access token on API calls (not
	// Authorization). [O]
	AccessTokenHeader = "access_token"
	// SecretKeyHeader carries the app secret on a token refresh. [T]
	SecretKeyHeader = "secret_key"
	// SignatureHeader carries an event's signature, "mac=<hex>" or bare
	// hex. [T]
	SignatureHeader = "X-ZEvent-Signature"

	// ReplyIDField is the field of "recipient" that carries the id of the
	// user's message a reply answers, so that Zalo counts it as a reply.
	// The name is not confirmed anywhere we could read. [U]
	ReplyIDField = "message_id"

	// MessageLimit is the most characters of one text message, counted as
	// plaintext.Length counts them (UTF-16 code units, never fewer than
	// code points). [O] for the Bot Platform's 2000; [T] that the OA's is
	// the same.
	MessageLimit = 2000

	// MaxButtons is the most buttons one message may carry. [T] Whether a
	// customer-service text may carry any is unclear [U]: Config.Buttons
	// is off by default.
	MaxButtons = 5
	// MaxButtonTitle bounds a button's title; longer choices are sent
	// without buttons. Our guess. [U]
	MaxButtonTitle = 100
	// ButtonType is the button that sends its payload back as the user's
	// message. [T]
	ButtonType = "oa.query.hide"

	// ReplyWindow is how long after the user's last message the OA may
	// answer for free, and RepliesPerWindow how many messages it may send
	// in that time; the count starts again when the user writes. [T]
	ReplyWindow      = 48 * time.Hour
	RepliesPerWindow = 8
	// FollowOpensWindow: following the OA counts as the user's
	// interaction, so the OA may greet a new follower. OAs commonly do;
	// no source we read states the rule. [U]
	FollowOpensWindow = true
	// WindowMargin closes our view of the window this much early: the
	// window starts at Zalo's timestamp of the message, our clocks differ
	// a little from Zalo's, and a send takes time. Our choice. [U]
	WindowMargin = 10 * time.Minute

	// DefaultAccessTokenLifetime is assumed when a refresh answer has no
	// usable expires_in. [T] ~25 h; one source says 1 h [U], so the
	// answer's expires_in always wins.
	DefaultAccessTokenLifetime = 25 * time.Hour
	// RefreshTokenLifetime is how long a refresh token stays valid if it
	// is not used (it is single-use). [T]
	RefreshTokenLifetime = 90 * 24 * time.Hour

	// MaxEventAge: an event whose timestamp is older is acknowledged and
	// dropped, so that a captured genuine event cannot be replayed once
	// its key is forgotten. Zalo's last retry comes about 1.5 h after the
	// first delivery [T]; the margin is ours. [U]
	MaxEventAge = 24 * time.Hour

	// WebhookDeadline is how soon Zalo wants a 200; it retries after about
	// 30 s, 5 m, 15 m, 30 m and 1 h and may disable a webhook that keeps
	// failing. [T]
	WebhookDeadline = 2 * time.Second
)

// Our own choices about tokens. [U]
const (
	// RefreshAhead is how long before the access token expires a refresh
	// is due.
	RefreshAhead = 10 * time.Minute
	// RefreshTimeout bounds one refresh request. It is well below
	// RefreshLockTTL, so the lock outlives the request that holds it.
	RefreshTimeout = 30 * time.Second
	// RefreshLockTTL bounds the refresh lock of a process that died.
	RefreshLockTTL = 2 * time.Minute
	// TokenCheckInterval is how often Tokens.Run looks at the expiry, and
	// how often a process that lost the race re-reads the store while
	// another refreshes.
	TokenCheckInterval = time.Minute
	// raceWait bounds how long a process waits for another's refresh.
	raceWait = RefreshLockTTL + 10*time.Second
	// racePoll is how often it looks while it waits.
	racePoll = 200 * time.Millisecond
)

// Retry policy for the OA API. Zalo documents none: conservative choices
// of ours. [U]
const (
	// DefaultAttempts bounds the tries of a call that fails with a network
	// error, a 5xx or a rate-limit code.
	DefaultAttempts = 3
	// DefaultBackoff is the first wait between tries, doubled after each.
	DefaultBackoff = 500 * time.Millisecond
	// maxBackoff caps one wait.
	maxBackoff = 10 * time.Second
	// DefaultTimeout bounds one try when Config.HTTPClient is nil.
	DefaultTimeout = 15 * time.Second
	// maxResponse bounds the answer body read.
	maxResponse = 1 << 20
)

// Event handling. [U] our choices.
const (
	// NonTextNoticeInterval is how seldom the engine should tell a user
	// that the bot reads text only (see Event.NonText).
	NonTextNoticeInterval = 24 * time.Hour
	// DefaultBroadcastQuota is how many messages outside the reply window
	// the OA may send per month (Zalo's paid or monthly quota): none
	// unless the operator says so. The quota itself is [U] (a dated blog:
	// verified OAs ~40 broadcasts a month, 4 per follower).
	DefaultBroadcastQuota = 0
	// BroadcastRate paces campaign messages to OA followers, all processes
	// together, per second. Zalo documents no rate for customer-service
	// messages: a guess, as the Zalo Bot Platform's. [U]
	BroadcastRate = 5
)

// Event names [T]. Every "user_send_*" other than text is a message the
// bot cannot read; every "oa_send_*" is the echo of the OA's own message.
const (
	EventUserSendText = "user_send_text"
	EventFollow       = "follow"
	EventUnfollow     = "unfollow"
	EventOASendText   = "oa_send_text"
	userSendPrefix    = "user_send_"
	oaSendPrefix      = "oa_send_"
)
