package httpserver

import (
	"errors"
	"io"

	"github.com/gofiber/fiber/v2"
)

// DefaultBodyLimit is the largest webhook body accepted, from the platforms'
// maxima rather than from samples. The largest Telegram update is a message
// of 4,096 UTF-16 units — every one of which JSON may escape as \uXXXX, 6
// bytes: 24,576 bytes — with its entities (some 100 × 60 bytes), replying to
// another such message, which the update carries whole: about 2 × 31 KB =
// 62 KB, or the message a pressed button sits under, with its keyboard
// (100 buttons × 64-byte callback data and a label: some 20 KB more); a
// quote, a caption (1,024 units) and a link preview add a few KB. The Zalo
// Bot Platform's messages are at most 2,000 characters. 256 KiB is four
// times the largest seen that way, and small enough that the 40
// connections Telegram opens at most (set-webhook --max-connections) hold
// 10 MiB. The reverse proxy in front should allow at least this much
// (README, "Telegram").
const DefaultBodyLimit = 256 << 10

// apiBodyLimit bounds the body of every other request that has one (the
// staff API's JSON, the web chat's messages), read after the route's own
// authentication where it has one: a campaign's free text of 4,096
// characters, escaped, is 25 KB.
const apiBodyLimit = 64 << 10

// errBadBody is a body that could not be read (the client went away or
// sent a broken chunk): 400.
var errBadBody = errors.New("request body could not be read")

// maxDrain is the most of a refused body that is read and thrown away, so
// that a client still sending it reads the 413 instead of a connection
// reset. Discarding holds no memory; beyond this the connection is closed.
const maxDrain = 1 << 20

// readBody reads the request's body, at most limit bytes. Bodies are
// streamed (see New), so nothing but a small prefetch is buffered before
// this: a body over the limit is refused on its Content-Length before it
// is read, or, when it is chunked, after limit+1 bytes. The slice returned
// is the caller's: fasthttp does not reuse it.
func readBody(c *fiber.Ctx, limit int) ([]byte, error) {
	stream := c.Context().RequestBodyStream()
	if stream == nil { // read already, or nothing to read
		return append([]byte(nil), c.Body()...), nil
	}
	if c.Request().Header.ContentLength() > limit {
		return nil, refuseBody(c, stream)
	}
	body, err := io.ReadAll(io.LimitReader(stream, int64(limit)+1))
	if err != nil {
		c.Context().SetConnectionClose()
		return nil, errors.Join(errBadBody, err)
	}
	if len(body) > limit {
		return nil, refuseBody(c, stream)
	}
	return body, nil
}

// refuseBody answers a body over the limit: the rest of it, up to maxDrain,
// is read and discarded so the client reads the 413; a longer one, or one
// that fails, closes the connection instead, since its rest is still on it.
func refuseBody(c *fiber.Ctx, stream io.Reader) error {
	n, err := io.Copy(io.Discard, io.LimitReader(stream, maxDrain+1))
	if err != nil || n > maxDrain {
		c.Context().SetConnectionClose()
	}
	return errTooLarge
}

// bufferBody reads the body of a request to a route that reads it with
// c.Body() (the staff API, the web chat's API), up to apiBodyLimit, so
// that Fiber's body helpers work as usual on it.
func (s *Server) bufferBody(c *fiber.Ctx) error {
	body, err := readBody(c, apiBodyLimit)
	if err != nil {
		return err
	}
	c.Request().SetBodyRaw(body)
	return c.Next()
}
