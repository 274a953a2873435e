// Package httpserver is eidbot's HTTP edge and the only importer of
// gofiber/fiber: the channels' webhooks (Telegram, the Zalo Bot Platform,
// the Zalo Official Account),
// the download links of documents, health and readiness probes, and the
// mapping of every error to an HTTP status in one place.
package httpserver

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/gofiber/fiber/v2"
)

// Handler processes one decoded update; *bot.Engine is one.
type Handler interface {
	Handle(ctx context.Context, u bot.Update) error
}

// Config wires a Server. Handler is required for the webhook routes;
// Decode and Secret turn on Telegram's, Hooks the other channels'.
type Config struct {
	// Secret is compared in constant time with the
	// X-Telegram-Bot-Api-Secret-Token header of every webhook call.
	Secret string
	// Decode turns a Telegram webhook body into an update. It returns an
	// error only for bodies that are not updates at all (answered 400).
	// Nil: no Telegram webhook (POST /telegram/webhook does not exist).
	Decode func(body []byte) (bot.Update, error)
	// Hooks are the webhooks of the other channels, e.g. the Zalo Bot
	// Platform's POST /zalo/bot/webhook.
	Hooks []Hook
	// Files, if set, serves GET /ics/:token: the download links of the
	// documents that channels without files show.
	Files Files
	// Handler processes the update.
	Handler Handler
	// Ready reports whether the dependencies are reachable (GET /readyz).
	Ready func(ctx context.Context) error
	Log   *slog.Logger

	BodyLimit     int           // of a webhook's body, default DefaultBodyLimit; larger bodies get 413
	ReadTimeout   time.Duration // default 10 s
	WriteTimeout  time.Duration // default 30 s
	IdleTimeout   time.Duration // default 60 s
	HandleTimeout time.Duration // one update's processing budget, default DefaultHandleTimeout
	StreamFor     time.Duration // how long one web chat event stream lasts, default 25 s
	RetryAfter    time.Duration // Retry-After on 503, default 5 s

	// AdminToken turns on the staff API under /admin (see admin.go):
	// callers send it as "Authorization: Bearer <token>". Empty means the
	// /admin routes do not exist. When it is set, Appointments, Visits,
	// Notifier and Directory are required.
	AdminToken   string
	Appointments bot.Appointments
	Visits       bot.Visits
	Notifier     bot.Notifier     // tells a person their home visit was accepted
	Directory    bot.Directory    // the reception points staff may ask about
	Now          func() time.Time // the clock for "is this date in the past"; default time.Now

	// Campaigns turns on the committee API (see admincampaigns.go); it
	// needs Subscriptions, Audit and Areas. Funnel, if set, serves
	// /admin/funnel and counts check-ins as attended.
	Campaigns     bot.Campaigns
	Subscriptions bot.Subscriptions
	Audit         bot.AuditLog
	Areas         []bot.Area
	Funnel        bot.Funnel

	// WebChat turns on the web chat under /webchat (webchat.go).
	WebChat *WebChatConfig

	// TrustedProxies are the reverse proxies in front of the server: from
	// a request they forward, the client's address — which the web chat's
	// limits and the staff API's throttling of wrong tokens count — is
	// read from X-Forwarded-For (the nearest address they did not add).
	// From anyone else the header is ignored.
	TrustedProxies []netip.Prefix
	// Requests, when set, is told the route and status of every request
	// (metrics.go): the webhooks' refusals (401, 413), 503s, the staff API.
	Requests RequestObserver
}

// DefaultHandleTimeout bounds the handling of one update (and one staff
// API call): 15 s, so that a stop's drain, which waits for the updates in
// flight, fits in the 20 s that cmd/eidbot gives it and in the 30 s that
// orchestrators usually wait before SIGKILL. An update that runs out of
// time answers 503 and is retried.
const DefaultHandleTimeout = 15 * time.Second

// Server serves the webhook and the probes.
type Server struct {
	app   *fiber.App
	cfg   Config
	log   *slog.Logger
	guard *tokenGuard // wrong admin tokens per client address
	// untrustedProxy warns once of X-Forwarded-For from an untrusted peer.
	untrustedProxy sync.Once

	mu sync.Mutex
	ln *listener // set by Serve
	// stopped is set by Shutdown: a Serve that starts after it (its
	// goroutine was slow to run) closes its listener and returns at once
	// instead of serving for ever.
	stopped bool
}

// New builds a Server; routes are ready, nothing listens yet.
func New(cfg Config) *Server {
	cfg = withDefaults(cfg)
	s := &Server{cfg: cfg, log: cfg.Log, guard: newTokenGuard(cfg.Now, cfg.Log)}
	s.app = fiber.New(fiber.Config{
		AppName: "eidbot",
		// Bodies are not read before the handler: fasthttp calls it after
		// the headers and at most 8 KiB of the body, so a webhook checks
		// its secret before anything more is read, and refuses a forged
		// call for the price of its headers (readBody reads the rest, up
		// to the route's limit). BodyLimit then only bounds that prefetch.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true, // or fasthttp reads multipart bodies first
		BodyLimit:                    cfg.BodyLimit,
		ReadTimeout:                  cfg.ReadTimeout,
		WriteTimeout:                 cfg.WriteTimeout,
		IdleTimeout:                  cfg.IdleTimeout,
		DisableStartupMessage:        true,
		ErrorHandler:                 s.fail,
	})
	// A response written while stopping closes its connection, instead of
	// leaving it idle for Shutdown to find.
	s.app.Server().CloseOnShutdown = true
	s.app.Use(s.recoverPanics)
	if cfg.Requests != nil {
		s.app.Use(s.observeRequests)
	}
	s.app.Use(s.logRequests)
	if cfg.Decode != nil {
		s.app.Post("/telegram/webhook", s.webhook(s.telegramHook()))
	}
	for _, h := range cfg.Hooks {
		s.app.Post(h.Path, s.webhook(h))
	}
	if cfg.Files != nil {
		s.app.Get("/ics/:token", s.file)
	}
	s.app.Get("/healthz", s.healthz)
	s.app.Get("/readyz", s.readyz)
	if cfg.AdminToken != "" {
		s.mountAdmin()
	}
	if cfg.WebChat != nil {
		s.mountWebChat()
	}
	return s
}

func withDefaults(cfg Config) Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&cfg.ReadTimeout, 10*time.Second)
	def(&cfg.WriteTimeout, 30*time.Second)
	def(&cfg.IdleTimeout, 60*time.Second)
	def(&cfg.HandleTimeout, DefaultHandleTimeout)
	def(&cfg.StreamFor, 25*time.Second)
	def(&cfg.RetryAfter, 5*time.Second)
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = DefaultBodyLimit
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	l := newListener(ln)
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return ln.Close()
	}
	s.ln = l
	s.mu.Unlock()
	return s.app.Listener(l)
}

// Shutdown stops accepting connections, closes those with no request on
// them (idle keep-alive connections, and connections opened ahead of a
// request that has not come), and waits, up to ctx's deadline, for
// in-flight requests (and so in-flight updates) to finish; it returns
// ctx's error if they did not. HandleTimeout must be shorter than that
// deadline for a stop to be clean.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopped = true
	l := s.ln
	s.mu.Unlock()
	if l != nil {
		l.stop()
	}
	return s.app.ShutdownWithContext(ctx)
}

// healthz answers while the process is alive.
func (s *Server) healthz(c *fiber.Ctx) error { return c.SendString("ok") }

// readyz answers 503 while a dependency is unreachable, so a load balancer
// or orchestrator holds traffic back.
func (s *Server) readyz(c *fiber.Ctx) error {
	if s.cfg.Ready == nil {
		return c.SendString("ok")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.cfg.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("not ready")
	}
	return c.SendString("ok")
}

var errPanic = errors.New("panic while handling request")
