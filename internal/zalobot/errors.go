package zalobot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// APIError is an answer of the Bot API with "ok": false. Zalo documents no
// error codes, so Code is read as Telegram's [U]: 403 (or a description
// that speaks of a block) unwraps to bot.ErrBlocked; 401 (a wrong token),
// 429 and 5xx are temporary; every other refusal, including codes we do
// not know, unwraps to bot.ErrRejected. Description is Zalo's text, with
// the token removed should it ever quote it.
type APIError struct {
	Method      string
	Code        int // error_code, or the HTTP status when the answer has none
	Status      int // the HTTP status, which may be 200 with "ok": false
	Description string
	RetryAfter  time.Duration // from a Retry-After header, if any
}

// Error renders the method, code, description and HTTP status.
func (e *APIError) Error() string {
	return fmt.Sprintf("zalobot: %s: error %d %q (HTTP %d)", e.Method, e.Code, e.Description, e.Status)
}

// Unwrap maps the code onto the bot package's sentinel errors.
func (e *APIError) Unwrap() error {
	switch {
	case e.blocked():
		return bot.ErrBlocked
	case e.Temporary():
		return nil
	}
	return bot.ErrRejected
}

// Temporary reports whether the request may succeed later as it is.
func (e *APIError) Temporary() bool {
	return e.Code == codeUnauthorized || e.retryable()
}

// retryable reports whether the call itself should try again.
func (e *APIError) retryable() bool {
	return e.Code == codeTooMany || e.Code >= 500 && e.Code <= 599
}

func (e *APIError) blocked() bool {
	if e.Code == codeBlocked {
		return true
	}
	d := strings.ToLower(e.Description)
	for _, w := range blockedWords {
		if strings.Contains(d, w) {
			return true
		}
	}
	return false
}

// ResponseError is an answer that is not a Bot API answer at all, e.g. a
// proxy's error page. It is temporary; 5xx and 429 are retried.
type ResponseError struct {
	Method string
	Status int
}

// Error renders the method and HTTP status.
func (e *ResponseError) Error() string {
	return fmt.Sprintf("zalobot: %s: not a Bot API answer (HTTP %d %s)", e.Method, e.Status, http.StatusText(e.Status))
}

func (e *ResponseError) retryable() bool {
	return e.Status == codeTooMany || e.Status >= 500
}

// transportError is a request that got no answer (refused, reset, timed
// out). It is temporary and retried. Its text has the token removed; it
// unwraps to the cause with the URL stripped, so that errors.Is finds
// context.Canceled or context.DeadlineExceeded but nothing finds the URL.
type transportError struct {
	method string
	msg    string
	cause  error
}

// Error renders the method and the scrubbed cause.
func (e *transportError) Error() string { return "zalobot: " + e.method + ": " + e.msg }

// Unwrap returns the cause without its URL.
func (e *transportError) Unwrap() error { return e.cause }

// transport wraps the error of a request that got no answer. http.Client
// wraps its errors in *url.Error, which prints the URL: that layer is
// dropped, and a cause that still quotes the token is replaced by its
// scrubbed text (keeping a context error findable).
func (c *Client) transport(method string, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	msg := c.scrub(err.Error())
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
	return &transportError{method: method, msg: msg, cause: cause}
}

// scrub removes the token from a text.
func (c *Client) scrub(s string) string {
	for _, secret := range c.secrets {
		s = strings.ReplaceAll(s, secret, "<token>")
	}
	return s
}

// rejected builds an error for a request that cannot be sent as it is.
func rejected(format string, args ...any) error {
	return fmt.Errorf("zalobot: "+format+": %w", append(args, bot.ErrRejected)...)
}
