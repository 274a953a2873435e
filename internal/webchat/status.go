package webchat

import (
	"net/http"
	"time"
)

// Error is a refusal the HTTP edge turns into a status: Status is the
// HTTP status, RetryAfter (when positive) its Retry-After. The edge finds
// it with errors.As on an interface of those two methods, so it needs no
// import of this package.
type Error struct {
	status int
	retry  time.Duration
	msg    string
}

func (e *Error) Error() string { return e.msg }

// Status is the HTTP status for the refusal.
func (e *Error) Status() int { return e.status }

// RetryAfter is how long the client should wait before trying again; 0
// means "do not retry as is".
func (e *Error) RetryAfter() time.Duration { return e.retry }

var (
	errToken    = &Error{status: http.StatusUnauthorized, msg: "unknown or malformed visitor token"}
	errBadInput = &Error{status: http.StatusBadRequest, msg: "not a web chat message"}
	errTooLarge = &Error{status: http.StatusRequestEntityTooLarge, msg: "message too long"}
	errClosing  = &Error{status: http.StatusServiceUnavailable, retry: time.Second, msg: "server is restarting"}
)

// tooMany is a 429 telling the client when to come back.
func tooMany(wait time.Duration, what string) *Error {
	return &Error{status: http.StatusTooManyRequests, retry: max(wait, time.Second), msg: "too many " + what}
}
