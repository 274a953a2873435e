package httpserver

import "github.com/gofiber/fiber/v2"

// RequestObserver is told of every request the server answered, for an
// operator's metrics (internal/metrics implements it): the route pattern
// that answered it ("/telegram/webhook", "/admin/appointments/:code"; "/"
// for a path no route serves), never the path itself, and the status. It
// must be cheap, must not block, and must be safe for concurrent use.
type RequestObserver interface {
	ObserveRequest(route string, status int)
}

// observeRequests tells Config.Requests of each request once its status
// is final: it runs outside logRequests, which turns a handler's error
// into its status.
func (s *Server) observeRequests(c *fiber.Ctx) error {
	err := c.Next()
	s.cfg.Requests.ObserveRequest(c.Route().Path, c.Response().StatusCode())
	return err
}
