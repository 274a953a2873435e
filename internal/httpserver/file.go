package httpserver

import (
	"context"
	"errors"
	"mime"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/gofiber/fiber/v2"
)

// Files holds the documents that channels without files (the Zalo Bot
// Platform, the web chat) show as download links; redisstore.Files is one.
type Files interface {
	// Get returns the document under token; found is false for a token
	// that is unknown, malformed or expired.
	Get(ctx context.Context, token string) (d bot.Document, found bool, err error)
}

// errNoFile is a download link that leads nowhere (404).
var errNoFile = errors.New("no file under that link (it may have expired)")

// fileTimeout bounds the store's answer to a download.
const fileTimeout = 5 * time.Second

// file serves GET /ics/:token: the document as an attachment with its
// name, never cached, never sniffed into something else.
func (s *Server) file(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(context.Background(), fileTimeout)
	defer cancel()
	d, found, err := s.cfg.Files.Get(ctx, c.Params("token"))
	switch {
	case err != nil:
		return err
	case !found:
		return errNoFile
	}
	c.Set(fiber.HeaderContentType, contentType(d.MIME))
	c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	return c.Send(d.Data)
}

// contentType is the Content-Type of a document of type m: UTF-8 for
// text, and a generic binary type when m is missing or malformed.
func contentType(m string) string {
	t, params, err := mime.ParseMediaType(m)
	if err != nil {
		return fiber.MIMEOctetStream
	}
	if strings.HasPrefix(t, "text/") && params["charset"] == "" {
		if params == nil {
			params = map[string]string{}
		}
		params["charset"] = "utf-8"
	}
	return mime.FormatMediaType(t, params)
}
