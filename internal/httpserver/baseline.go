package httpserver

import (
	"context"
	"encoding/json"
	"net"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// KeyValue is the one Redis round trip pair the baseline makes.
type KeyValue interface {
	GetSet(ctx context.Context, key, value string) error
}

// Baseline is the yardstick for the webhook's throughput: a bare Fiber
// handler that parses the same update JSON and does one Redis GET and SET,
// and nothing else. docs/BENCHMARKS.md compares the bot with it.
type Baseline struct {
	app *fiber.App
}

// NewBaseline builds the baseline server on store. A non-nil send is
// called once per update after the SET, with the update's chat id: the
// second yardstick, which also sends the one reply every update needs.
// An error from store or send answers 503.
func NewBaseline(store KeyValue, send func(ctx context.Context, chatID int64) error) *Baseline {
	app := fiber.New(fiber.Config{DisableStartupMessage: true, BodyLimit: 1 << 20})
	app.Post("/telegram/webhook", func(c *fiber.Ctx) error {
		var u struct {
			UpdateID int64 `json:"update_id"`
			Message  struct {
				Chat struct {
					ID int64 `json:"id"`
				} `json:"chat"`
				Text string `json:"text"`
			} `json:"message"`
		}
		if err := json.Unmarshal(c.Body(), &u); err != nil {
			return c.SendStatus(fiber.StatusBadRequest)
		}
		key := "baseline:" + strconv.FormatInt(u.Message.Chat.ID, 10)
		if err := store.GetSet(c.UserContext(), key, strconv.FormatInt(u.UpdateID, 10)); err != nil {
			return c.SendStatus(fiber.StatusServiceUnavailable)
		}
		if send != nil {
			if err := send(c.UserContext(), u.Message.Chat.ID); err != nil {
				return c.SendStatus(fiber.StatusServiceUnavailable)
			}
		}
		return c.SendStatus(fiber.StatusOK)
	})
	return &Baseline{app: app}
}

// Serve accepts connections on ln until Shutdown.
func (b *Baseline) Serve(ln net.Listener) error { return b.app.Listener(ln) }

// Shutdown stops the server.
func (b *Baseline) Shutdown(ctx context.Context) error { return b.app.ShutdownWithContext(ctx) }
