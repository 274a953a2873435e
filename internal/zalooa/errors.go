package zalooa

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// ErrOutsideWindow is returned (wrapped) when a message may not be sent
// now: the user's reply window is closed or used up and no broadcast
// quota is left, or Zalo refused the message for that reason. Nothing was
// sent. Callers report the person as "not reachable on Zalo now" (a
// reminder, a campaign) instead of dropping them silently. Errors that
// wrap it also wrap bot.ErrRejected, so an engine that knows nothing of
// windows drops the reply instead of retrying it for ever.
var ErrOutsideWindow = errors.New("zalooa: outside the reply window")

// ErrTokenExpired is wrapped by an APIError whose code says the access
// token is invalid or expired (CodeTokenExpired). The Sender refreshes
// and tries once more; an error that still wraps it is temporary.
var ErrTokenExpired = errors.New("zalooa: access token expired")

// ErrNoTokens is returned when the TokenStore holds no tokens: the OA was
// never seeded (see Tokens.Seed) or its refresh token was lost.
var ErrNoTokens = errors.New("zalooa: no OA tokens stored; seed a refresh token")

// APIError is an answer of the OA API with a negative "error". What it
// unwraps to depends on the code (codes.go): bot.ErrRejected for a refusal
// for good, ErrOutsideWindow and bot.ErrRejected for a closed window,
// bot.ErrBlocked for a user who refuses the OA, ErrTokenExpired for an
// expired token; a rate limit unwraps to nothing and is temporary.
// Message is Zalo's text, with any token removed.
type APIError struct {
	Op      string // "send" or "refresh"
	Code    int
	Message string
	Status  int // the HTTP status, usually 200
}

// Error renders the operation, code and message.
func (e *APIError) Error() string {
	return fmt.Sprintf("zalooa: %s: error %d %q (HTTP %d)", e.Op, e.Code, e.Message, e.Status)
}

// Unwrap maps the code onto the sentinel errors.
func (e *APIError) Unwrap() []error {
	switch classOf(e.Code) {
	case classExpired:
		return []error{ErrTokenExpired}
	case classWindow:
		return []error{ErrOutsideWindow, bot.ErrRejected}
	case classBlocked:
		return []error{bot.ErrBlocked}
	case classTemporary:
		return nil
	}
	return []error{bot.ErrRejected}
}

// Unreachable reports a refusal because the user is outside the reply
// window or the OA out of quota (see WindowError.Unreachable).
func (e *APIError) Unreachable() bool { return classOf(e.Code) == classWindow }

// Temporary reports whether the same request may succeed later.
func (e *APIError) Temporary() bool {
	c := classOf(e.Code)
	return c == classTemporary || c == classExpired
}

// ResponseError is an answer that is not an OA API answer, e.g. a proxy's
// error page. It is temporary; 5xx and 429 are retried.
type ResponseError struct {
	Op     string
	Status int
}

// Error renders the operation and HTTP status.
func (e *ResponseError) Error() string {
	return fmt.Sprintf("zalooa: %s: not an OA API answer (HTTP %d %s)", e.Op, e.Status, http.StatusText(e.Status))
}

func (e *ResponseError) retryable() bool {
	return e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// transportError is a request that got no answer. It is temporary. Its
// text has secrets removed, and it unwraps to the cause without its URL,
// so that errors.Is finds a context error.
type transportError struct {
	op    string
	msg   string
	dial  bool // the request never left: a retry cannot repeat it
	cause error
}

// Error renders the operation and the scrubbed cause.
func (e *transportError) Error() string { return "zalooa: " + e.op + ": " + e.msg }

// Unwrap returns the cause.
func (e *transportError) Unwrap() error { return e.cause }

// transport wraps the error of a request that got no answer, dropping
// http.Client's *url.Error layer and any secret the cause might quote.
func transport(op string, err error, secrets ...string) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	msg := scrub(err.Error(), secrets...)
	cause := err
	if msg != err.Error() {
		switch {
		case errors.Is(err, context.Canceled):
			cause = fmt.Errorf("%s: %w", msg, context.Canceled)
		case errors.Is(err, context.DeadlineExceeded):
			cause = fmt.Errorf("%s: %w", msg, context.DeadlineExceeded)
		default:
			cause = errors.New(msg)
		}
	}
	return &transportError{op: op, msg: msg, dial: isDial(err), cause: cause}
}

// scrub replaces every secret of at least 4 characters in s.
func scrub(s string, secrets ...string) string {
	for _, secret := range secrets {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "<secret>")
		}
	}
	return s
}

// rejected builds an error for a request that cannot be sent as it is.
func rejected(format string, args ...any) error {
	return fmt.Errorf("zalooa: "+format+": %w", append(args, bot.ErrRejected)...)
}
