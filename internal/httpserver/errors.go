package httpserver

import (
	"context"
	"errors"
	"strconv"

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
	c.Locals(errKey, err)
	return c.Status(status).SendString(statusText(status))
}

type errLocal int

const errKey errLocal = 0

// classify maps an error to a status and whether to ask for a retry.
func classify(err error) (status int, retry bool) {
	var fe *fiber.Error
	switch {
	case errors.Is(err, errBadSecret):
		return fiber.StatusUnauthorized, false
	case errors.Is(err, errBadUpdate):
		return fiber.StatusBadRequest, false
	case errors.Is(err, errTooLarge):
		return fiber.StatusRequestEntityTooLarge, false
	case errors.Is(err, bot.ErrBusy), errors.Is(err, bot.ErrUnavailable), errors.Is(err, bot.ErrConflict),
		errors.Is(err, context.DeadlineExceeded):
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
	default:
		return "internal error"
	}
}
