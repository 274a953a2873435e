package httpserver

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/gofiber/fiber/v2"
)

// recoverPanics turns a panic into a 500 so that one bad update cannot take
// the process down; Telegram then retries it.
func (s *Server) recoverPanics(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic", "path", c.Path(), "panic", fmt.Sprint(r))
			err = errPanic
		}
	}()
	return c.Next()
}

// logRequests logs one line per request: route, status, duration and, for
// updates, their id and kind. Never message text, phone numbers or tokens.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if ferr := s.fail(c, err); ferr != nil {
			return ferr
		}
	}
	status := c.Response().StatusCode()
	// The route, not the path: paths of the staff API carry booking codes.
	attrs := []any{"method", c.Method(), "route", c.Route().Path, "status", status, "ms", time.Since(start).Milliseconds()}
	if u, ok := updateOf(c); ok {
		attrs = append(attrs, "update", u.ID, "kind", string(u.Kind))
	}
	level := slog.LevelInfo
	e, _ := c.Locals(errKey).(error)
	switch {
	case errors.Is(e, bot.ErrBusy):
		// A platform's retry of an update still in progress here or in
		// another process: routine, and answered 503 so it comes back.
		attrs = append(attrs, "duplicate", true)
	case errors.Is(e, errBadToken), errors.Is(e, errTooManyFailures):
		// Counted and logged per address by the token guard; a line per
		// guess would let a flood of them fill the log.
		level = slog.LevelDebug
	case status >= 500:
		level = slog.LevelError
		if e != nil {
			attrs = append(attrs, "err", e.Error())
		}
	case status >= 400:
		level = slog.LevelWarn
	}
	if c.Path() == "/healthz" || c.Path() == "/readyz" {
		level = slog.LevelDebug
	}
	s.log.Log(c.UserContext(), level, "http", attrs...)
	return nil
}
