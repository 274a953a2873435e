package httpserver

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/gofiber/fiber/v2"
)

// fail is the one place where an error becomes an HTTP answer. Telegram
// retries anything but 2xx, so a 2xx is only given when the update is safely
// done; temporary trouble is 503 with Retry-After.
func (s *Server) fail(c *fiber.Ctx, err error) error {
	status, retry := classify(err)
	if retry {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(s.cfg.RetryAfter.Seconds())))
	}
	if errors.Is(err, errBadToken) {
		c.Set(fiber.HeaderWWWAuthenticate, "Bearer")
	}
	c.Locals(errKey, err)
	if s.isAdmin(c) {
		// Staff tools read JSON, and a 4xx tells them what to fix.
		return c.Status(status).JSON(fiber.Map{"error": message(err, status)})
	}
	return c.Status(status).SendString(statusText(status))
}

type errLocal int

const errKey errLocal = 0

// classify maps an error to a status and whether to ask for a retry.
func classify(err error) (status int, retry bool) {
	var fe *fiber.Error
	switch {
	case errors.Is(err, errBadSecret), errors.Is(err, errBadToken):
		return fiber.StatusUnauthorized, false
	case errors.Is(err, errBadUpdate), errors.Is(err, errBadInput), errors.Is(err, errBadBody):
		return fiber.StatusBadRequest, false
	case errors.Is(err, errTooManyFailures):
		return fiber.StatusTooManyRequests, false
	case errors.Is(err, errTooLarge):
		return fiber.StatusRequestEntityTooLarge, false
	case errors.Is(err, errNoPoint), errors.Is(err, bot.ErrNoAppointment), errors.Is(err, bot.ErrNoVisit),
		errors.Is(err, bot.ErrNoCampaign), errors.Is(err, errNoFile):
		return fiber.StatusNotFound, false
	case errors.Is(err, bot.ErrStatusChange), errors.Is(err, bot.ErrCampaignState):
		return fiber.StatusConflict, false
	case errors.Is(err, errNotNotified):
		// Before the 503 case: the notifier's own error may wrap
		// ErrUnavailable, but the store write already succeeded.
		return fiber.StatusBadGateway, false
	case errors.Is(err, bot.ErrBusy), errors.Is(err, bot.ErrUnavailable), errors.Is(err, bot.ErrConflict),
		errors.Is(err, bot.ErrUndelivered), errors.Is(err, context.DeadlineExceeded):
		return fiber.StatusServiceUnavailable, true
	case errors.As(err, &fe):
		return fe.Code, false
	default:
		return fiber.StatusInternalServerError, false
	}
}

func statusText(code int) string {
	switch code {
	case fiber.StatusUnauthorized:
		return "unauthorized"
	case fiber.StatusBadRequest:
		return "bad request"
	case fiber.StatusRequestEntityTooLarge:
		return "request body too large"
	case fiber.StatusServiceUnavailable:
		return "temporarily unavailable, retry later"
	case fiber.StatusNotFound:
		return "not found"
	case fiber.StatusMethodNotAllowed:
		return "method not allowed"
	case fiber.StatusConflict:
		return "conflict"
	case fiber.StatusBadGateway:
		return "bad gateway"
	case fiber.StatusTooManyRequests:
		return "too many requests"
	}
	if code < 500 {
		// fasthttp's own refusals (431 headers too large, 408 request
		// timeout, ...): say what they are.
		return strings.ToLower(http.StatusText(code))
	}
	return "internal error"
}

// message is what a staff caller reads for err. A 4xx says what to fix; a
// 5xx never shows the error itself, which may name internals (the request
// log has it).
func message(err error, status int) string {
	switch {
	case errors.Is(err, errBadInput):
		return err.Error()
	case errors.Is(err, errNotNotified):
		return errNotNotified.Error()
	case errors.Is(err, errTooManyFailures):
		return errTooManyFailures.Error()
	case errors.Is(err, errNoPoint):
		return "no reception point with that id"
	case errors.Is(err, bot.ErrNoAppointment):
		return "no appointment with that code"
	case errors.Is(err, bot.ErrNoVisit):
		return "no visit request with that id (it may have expired)"
	case errors.Is(err, bot.ErrStatusChange):
		return "that status change is not allowed: the appointment may be cancelled"
	}
	return statusText(status)
}
