package httpserver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// WebChat is the web chat behind /webchat (internal/webchat's Service):
// its pages and files, visitors, messages and event streams. Its refusals
// carry their own status (see refusal).
type WebChat interface {
	// Asset is a static file (widget.js, chat.js, ...): its body, gzipped
	// when gz allows and it is smaller so, type, version; ok=false: none.
	Asset(name string, gz bool) (body []byte, ctype, version string, gzipped, ok bool)
	// Page renders "chat" or "demo" for a language hint and a point id.
	Page(name, lang, point string) ([]byte, bool)
	// NewVisitor issues a visitor token to a browser at client address addr.
	NewVisitor(ctx context.Context, addr string) (string, error)
	// Post hands a visitor's message to the engine and returns when it is
	// handled.
	Post(ctx context.Context, token, addr string, body []byte) error
	// Events checks a stream request and returns what writes the stream,
	// one line per write call, until it ends or a write fails.
	Events(ctx context.Context, token, addr, after string) (func(write func([]byte) error) error, error)
}

// WebChatConfig turns on the web chat routes.
type WebChatConfig struct {
	Chat WebChat
	// Origins are the sites allowed to embed the chat (frame-ancestors)
	// and to call its API from their own pages (CORS), e.g.
	// "https://phuongbenthanh.hochiminhcity.gov.vn". Empty: any site may
	// embed the widget, and only the bot's own pages call the API.
	Origins []string
}

// refusal is an error that knows its HTTP status and Retry-After: the web
// chat's refusals (bad token, too many requests, too long).
type refusal interface {
	Status() int
	RetryAfter() time.Duration
}

// mountWebChat adds the web chat's routes.
func (s *Server) mountWebChat() {
	w := s.app.Group("/webchat")
	w.Get("/", s.webPage("chat"))
	w.Get("/demo", s.webPage("demo"))
	w.Get("/widget.js", s.webAsset)
	w.Get("/assets/:name", s.webAsset)
	api := w.Group("/api", s.webCORS, s.bufferBody)
	api.Options("/*", func(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNoContent) })
	api.Post("/visitors", s.webVisitor)
	api.Post("/messages", s.webMessage)
	api.Get("/events", s.webEvents)
}

func (s *Server) web() WebChat { return s.cfg.WebChat.Chat }

// webPage serves the chat page or the demo page. Pages name their files
// relative to /webchat/, so the address without the slash is redirected.
func (s *Server) webPage(name string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if name == "chat" && !strings.HasSuffix(c.Path(), "/") {
			return c.Redirect("/webchat/", fiber.StatusMovedPermanently)
		}
		body, ok := s.web().Page(name, c.Query("lang"), c.Query("point"))
		if !ok {
			return fiber.ErrNotFound
		}
		s.pageHeaders(c, name)
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(body)
	}
}

// pageHeaders sets the pages' security headers. The chat page may be
// framed by the configured origins (any site when none are); the demo
// page's policy is the one the README asks of a host page, so the demo
// proves it is enough.
func (s *Server) pageHeaders(c *fiber.Ctx, name string) {
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	if name == "demo" {
		c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'self'; script-src 'self'; frame-src 'self'; style-src 'self'; "+
			"img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
		return
	}
	ancestors := "*"
	if len(s.cfg.WebChat.Origins) > 0 {
		ancestors = "'self' " + strings.Join(s.cfg.WebChat.Origins, " ")
	}
	c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "+
		"img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors "+ancestors)
}

// webAsset serves a static file, gzipped when the browser takes it. The
// widget script keeps its address on host pages, so it is cached briefly;
// the pages name the other files with their version, so those are cached
// for a day.
func (s *Server) webAsset(c *fiber.Ctx) error {
	name := c.Params("name")
	if name == "" {
		name = "widget.js"
	}
	gz := strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip")
	body, ctype, version, gzipped, ok := s.web().Asset(name, gz)
	if !ok {
		return fiber.ErrNotFound
	}
	etag := `"` + version + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	if name == "widget.js" {
		c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	} else {
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	}
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, ctype)
	if gzipped {
		c.Set(fiber.HeaderContentEncoding, "gzip")
	}
	return c.Send(body)
}

// webCORS answers the API's cross-origin requests from the configured
// origins; from any other origin the browser gets no permission.
func (s *Server) webCORS(c *fiber.Ctx) error {
	origin := c.Get(fiber.HeaderOrigin)
	for _, o := range s.cfg.WebChat.Origins {
		if origin == o {
			c.Set(fiber.HeaderAccessControlAllowOrigin, origin)
			c.Set(fiber.HeaderAccessControlAllowMethods, "GET, POST")
			c.Set(fiber.HeaderAccessControlAllowHeaders, "Authorization, Content-Type")
			c.Set(fiber.HeaderAccessControlExposeHeaders, "Retry-After")
			c.Set(fiber.HeaderAccessControlMaxAge, "600")
			break
		}
	}
	c.Append(fiber.HeaderVary, fiber.HeaderOrigin)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// webVisitor issues a visitor token.
func (s *Server) webVisitor(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.HandleTimeout)
	defer cancel()
	token, err := s.web().NewVisitor(ctx, s.clientAddr(c))
	if err != nil {
		return s.webFail(c, err)
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"token": token})
}

// webMessage hands one message to the engine; 204 once it is handled.
// Like the webhook, it does not use the request's context: an update
// must finish even while the server shuts down.
func (s *Server) webMessage(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.HandleTimeout)
	defer cancel()
	if err := s.web().Post(ctx, bearer(c), s.clientAddr(c), bytes.Clone(c.Body())); err != nil {
		return s.webFail(c, err)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// webEvents streams a visitor's events as NDJSON. The response is written
// after the handler returns (fasthttp's body stream writer), one flush per
// line; a write to a browser that left fails and ends it.
func (s *Server) webEvents(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.StreamFor)
	defer cancel()
	run, err := s.web().Events(ctx, bearer(c), s.clientAddr(c), strings.Clone(c.Query("after")))
	if err != nil {
		return s.webFail(c, err)
	}
	c.Set(fiber.HeaderContentType, "application/x-ndjson; charset=utf-8")
	c.Set("X-Accel-Buffering", "no") // nginx: pass each line on at once
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in web chat stream", "panic", fmt.Sprint(r))
			}
		}()
		err := run(func(line []byte) error {
			w.Write(line)
			w.WriteByte('\n')
			return w.Flush()
		})
		if err != nil {
			s.log.Debug("web chat stream ended", "err", err)
		}
	})
	return nil
}

// webFail answers a refusal with its status, Retry-After and a JSON
// reason; anything else goes to the one mapping in errors.go (503 with
// Retry-After for a store that is down or an update held elsewhere).
func (s *Server) webFail(c *fiber.Ctx, err error) error {
	var r refusal
	if !errors.As(err, &r) {
		return err
	}
	if d := r.RetryAfter(); d > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(d.Seconds()))))
	}
	if r.Status() == fiber.StatusUnauthorized {
		c.Set(fiber.HeaderWWWAuthenticate, "Bearer")
	}
	c.Locals(errKey, err)
	return c.Status(r.Status()).JSON(fiber.Map{"error": err.Error()})
}

// bearer is the token of an "Authorization: Bearer" header, or "". It is
// a copy: Fiber's header values point into a buffer fasthttp reuses for the
// next request, and the visitor's chat id, cut from the token, outlives the
// handler in an event stream.
func bearer(c *fiber.Ctx) string {
	t, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok {
		return ""
	}
	return strings.Clone(strings.TrimSpace(t))
}
