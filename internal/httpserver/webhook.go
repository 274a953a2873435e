package httpserver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"

	"github.com/eidbot/eidbot/bot"
	"github.com/gofiber/fiber/v2"
)

// secretHeader carries the secret_token given to setWebhook.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// errBadSecret and errBadUpdate are mapped to 401 and 400 by fail.
var (
	errBadSecret = errors.New("webhook secret mismatch")
	errTooLarge  = errors.New("webhook body over the limit")
	errBadUpdate = errors.New("webhook body is not an update")
)

// Hook is the webhook of one channel besides Telegram (which Config's
// Secret and Decode describe): the Zalo Bot Platform's, the Zalo OA's.
type Hook struct {
	Path string // e.g. "/zalo/bot/webhook"; POST only
	// Header names the request header that carries the channel's secret,
	// and Authenticate checks its value, in constant time. The body is
	// looked at, and the state store touched, only after it says yes.
	Header       string
	Authenticate func(value string) bool
	// Decode turns a body into an update. It returns an error only for
	// bodies that are not the channel's events at all (answered 400).
	Decode func(body []byte) (bot.Update, error)

	// Verify, set instead of Authenticate for a channel whose signature
	// covers the body (the Zalo OA's), checks the Header's value against
	// the raw body, in constant time, before anything touches the state
	// store; false is 401.
	Verify func(value string, body []byte) bool
	// Accept, set instead of Decode, takes a verified event whole: the
	// channel records it durably and answers at once, processing it later
	// (the Zalo OA wants an answer within about two seconds). nil is 200;
	// an error wrapping bot.ErrUnavailable is 503 with Retry-After.
	Accept func(ctx context.Context, value string, body []byte) error
}

// telegramHook is Telegram's webhook as a Hook.
func (s *Server) telegramHook() Hook {
	return Hook{Path: "/telegram/webhook", Header: secretHeader, Authenticate: s.secretOK, Decode: s.cfg.Decode}
}

// webhook receives one update of a channel. The secret is checked on the
// header, before the body is read (it is streamed: see New), and nothing
// touches the state store before the secret is verified and the body's
// size checked.
func (s *Server) webhook(h Hook) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if h.Verify == nil && !h.Authenticate(c.Get(h.Header)) {
			c.Context().SetConnectionClose() // the body is left unread on it
			return errBadSecret
		}
		body, err := readBody(c, s.cfg.BodyLimit)
		if err != nil {
			return err
		}
		if h.Verify != nil && !h.Verify(c.Get(h.Header), body) {
			return errBadSecret
		}
		if h.Accept != nil {
			ctx, cancel := context.WithTimeout(context.Background(), s.cfg.HandleTimeout)
			defer cancel()
			if err := h.Accept(ctx, c.Get(h.Header), body); err != nil {
				return err
			}
			return c.SendStatus(fiber.StatusOK)
		}
		u, err := h.Decode(body)
		if err != nil {
			return errors.Join(errBadUpdate, err)
		}
		c.Locals(updateKey, u)
		// Not c.UserContext(): an update must finish even while the server
		// shuts down; the timeout bounds it instead.
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.HandleTimeout)
		defer cancel()
		if err := s.cfg.Handler.Handle(ctx, u); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusOK)
	}
}

// secretOK compares digests so that neither the content nor the length of
// the secret leaks through timing.
func (s *Server) secretOK(got string) bool {
	if s.cfg.Secret == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(s.cfg.Secret))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// updateKey stores the decoded update for the request log.
type localKey int

const updateKey localKey = 0

func updateOf(c *fiber.Ctx) (bot.Update, bool) {
	u, ok := c.Locals(updateKey).(bot.Update)
	return u, ok
}
