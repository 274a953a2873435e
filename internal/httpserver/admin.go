package httpserver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/gofiber/fiber/v2"
)

// The staff API: reception-point staff list a day's appointments (JSON or
// CSV for a spreadsheet), record check-ins and no-shows, and accept home
// visits. It exists only when Config.AdminToken is set, and every /admin
// path, even one that matches no route, first checks the token, so a
// caller without it learns nothing about the routes and touches no store.

// Errors of the staff API, mapped to statuses by classify.
var (
	errBadToken = errors.New("admin token missing or wrong")
	// errBadInput is wrapped with what to fix; the caller reads it.
	errBadInput = errors.New("bad request")
	errNoPoint  = errors.New("no such reception point")
	// errNotNotified follows a stored acceptance. AcceptVisit with the same
	// date rewrites the same record, so repeating the call is safe and
	// retries the notification.
	errNotNotified = errors.New("the answer to the visit is stored, but telling the person failed: " +
		"repeat the same call to retry the notification")
)

// adminKey marks a request under /admin, so fail answers it in JSON.
const adminKey localKey = 1

// mountAdmin adds the /admin routes. A missing dependency is a wiring
// mistake in main, found at start rather than by the first staff request.
func (s *Server) mountAdmin() {
	if s.cfg.Appointments == nil || s.cfg.Visits == nil || s.cfg.Notifier == nil || s.cfg.Directory == nil {
		panic("httpserver: AdminToken is set but Appointments, Visits, Notifier or Directory is nil")
	}
	admin := s.app.Group("/admin", s.adminAuth, s.bufferBody)
	admin.Get("/points", s.listPoints)
	admin.Get("/points/:id/appointments", s.listAppointments)
	admin.Get("/points/:id/visits", s.listVisits)
	admin.Post("/appointments/:code/check-in", s.setStatus(bot.StatusCheckedIn))
	admin.Post("/appointments/:code/no-show", s.setStatus(bot.StatusNoShow))
	admin.Post("/visits/:id/accept", s.acceptVisit)
	admin.Post("/visits/:id/decline", s.declineVisit)
	if s.cfg.Campaigns != nil {
		s.mountCommittee(admin)
	}
}

// adminAuth lets a request through only with the right bearer token, and
// throttles the addresses that send wrong ones (tokenguard.go).
func (s *Server) adminAuth(c *fiber.Ctx) error {
	c.Locals(adminKey, true)
	// Answers carry names and phone numbers: no proxy or browser may keep
	// them.
	c.Set(fiber.HeaderCacheControl, "no-store")
	addr := s.clientAddr(c)
	if ok, wait := s.guard.admit(addr); !ok {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		return errTooManyFailures
	}
	if !s.tokenOK(c.Get(fiber.HeaderAuthorization)) {
		s.guard.failed(addr)
		return errBadToken
	}
	return c.Next()
}

// tokenOK checks an Authorization header. It compares digests, as
// secretOK does, so that neither the content nor the length of the token
// leaks through timing. The scheme is case-insensitive (RFC 7235).
func (s *Server) tokenOK(header string) bool {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || s.cfg.AdminToken == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(strings.TrimSpace(token))), sha256.Sum256([]byte(s.cfg.AdminToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// isAdmin reports whether the request went through adminAuth.
func (s *Server) isAdmin(c *fiber.Ctx) bool {
	admin, _ := c.Locals(adminKey).(bool)
	return admin
}

// adminContext bounds one staff request's store and notifier calls. It is
// not the request's context: a write and the notification that follows it
// should finish even while the server shuts down.
func (s *Server) adminContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.cfg.HandleTimeout)
}

// point is the reception point named by the :id parameter.
func (s *Server) point(c *fiber.Ctx) (bot.Point, error) {
	p, ok := s.cfg.Directory.Point(c.Params("id"))
	if !ok {
		return bot.Point{}, errNoPoint
	}
	return p, nil
}
