package webchat

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"io"
	"log/slog"
	"regexp"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Handler processes one update; *bot.Engine is one.
type Handler interface {
	Handle(ctx context.Context, u bot.Update) error
}

// Config wires a Service. Store and Handler are required.
type Config struct {
	Store   Store
	Handler Handler
	Limits  Limits // zero fields take DefaultLimits
	Log     *slog.Logger
	Now     func() time.Time
	Rand    io.Reader // for tokens; default crypto/rand
	// Lifetime bounds one event stream (default 25 s); the browser opens
	// the next at once. It must stay below the HTTP server's write
	// timeout, which caps a whole response.
	Lifetime time.Duration
	// Ping is how often an idle stream sends a keep-alive line (default
	// 10 s), so that proxies keep it open and a gone browser is noticed.
	Ping time.Duration
	// Block is how long the notice reader's blocking read waits (default
	// 1 s): Run notices a cancelled context within about that long (a
	// blocking read does not end with its context), and an idle process
	// costs Redis one read a second.
	Block time.Duration
}

// Service is the web chat behind the HTTP routes: visitors, messages and
// event streams. It is safe for concurrent use.
type Service struct {
	cfg       Config
	lim       Limits
	hub       *hub
	addresses *limiter
	visitors  *limiter
	creations *limiter
}

// newVisitorTTL is how long a visitor who never sends a message is kept.
const newVisitorTTL = 24 * time.Hour

// historyEvents is how many past events a new stream shows; readBatch how
// many one read takes.
const (
	historyEvents = 200
	readBatch     = 100
)

// New returns a Service; Run must run for streams to hear of replies
// posted to other processes promptly.
func New(cfg Config) *Service {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.Lifetime, 25*time.Second)
	def(&cfg.Ping, 10*time.Second)
	def(&cfg.Block, time.Second)
	lim := withDefaults(cfg.Limits)
	return &Service{
		cfg: cfg, lim: lim, hub: newHub(),
		addresses: newLimiter(lim.Address, cfg.Now),
		visitors:  newLimiter(lim.Visitor, cfg.Now),
		creations: newLimiter(lim.NewVisitors, cfg.Now),
	}
}

func withDefaults(l Limits) Limits {
	d := DefaultLimits()
	if l.Visitor.PerMinute == 0 {
		l.Visitor = d.Visitor
	}
	if l.Address.PerMinute == 0 {
		l.Address = d.Address
	}
	if l.NewVisitors.PerMinute == 0 {
		l.NewVisitors = d.NewVisitors
	}
	if l.Streams == 0 {
		l.Streams = d.Streams
	}
	if l.MaxText == 0 {
		l.MaxText = d.MaxText
	}
	if l.MaxBody == 0 {
		l.MaxBody = d.MaxBody
	}
	return l
}

// NewVisitor issues a token to a browser at client address addr.
func (s *Service) NewVisitor(ctx context.Context, addr string) (string, error) {
	if err := s.admit(addr); err != nil {
		return "", err
	}
	if ok, wait := s.creations.take(addr); !ok {
		return "", tooMany(wait, "new visitors from this address")
	}
	token, v, err := newToken(s.cfg.Rand)
	if err != nil {
		return "", err
	}
	if err := s.cfg.Store.CreateVisitor(ctx, v.chat, v.hash, newVisitorTTL); err != nil {
		return "", err
	}
	return token, nil
}

// Post hands a visitor's message (the request body) to the engine and
// returns once it is handled: its replies are on the visitor's stream. A
// repeated message id is handled once. Errors are *Error refusals, or the
// engine's (bot.ErrBusy, bot.ErrUnavailable: retry later).
func (s *Service) Post(ctx context.Context, token, addr string, body []byte) error {
	if err := s.admit(addr); err != nil {
		return err
	}
	m, err := parseMessage(body, s.lim)
	if err != nil {
		return err
	}
	v, err := s.check(ctx, token, true)
	if err != nil {
		return err
	}
	if ok, wait := s.visitors.take(v.chat.ID); !ok {
		return tooMany(wait, "messages")
	}
	u, lang := m.update(v.chat, s.cfg.Now())
	return s.cfg.Handler.Handle(withPosted(ctx, posted{update: u.ID, lang: lang}), u)
}

// admit spends a request of addr's budget.
func (s *Service) admit(addr string) error {
	if ok, wait := s.addresses.take(addr); !ok {
		return tooMany(wait, "requests from this address")
	}
	return nil
}

// check verifies a token against the store; extend renews the visitor.
func (s *Service) check(ctx context.Context, token string, extend bool) (visitor, error) {
	v, ok := parseToken(token)
	if !ok {
		return visitor{}, errToken
	}
	h, err := s.cfg.Store.VisitorHash(ctx, v.chat, extend)
	if err != nil {
		return visitor{}, err
	}
	if subtle.ConstantTimeCompare([]byte(h), []byte(v.hash)) != 1 {
		return visitor{}, errToken
	}
	return v, nil
}

// eventID is the form of a stream position.
var eventID = regexp.MustCompile(`^[0-9]{1,20}-[0-9]{1,20}$`)

// Close ends every open stream at once (their browsers reconnect, to
// another replica if this one is going away) and refuses new ones. Call it
// before shutting the HTTP server down, which waits for open responses.
func (s *Service) Close() { s.hub.close() }

// Streams is how many event streams this process holds open.
func (s *Service) Streams() int { return s.hub.open() }

// Run reads the notices of every process's appends, with one blocking
// read at a time, and wakes the streams held here for the visitors named.
// It returns when ctx ends. A failed read is retried after a second; the
// streams' own periodic reads cover what the gap delays.
func (s *Service) Run(ctx context.Context) {
	after := ""
	for ctx.Err() == nil {
		chats, next, err := s.cfg.Store.Notices(ctx, after, s.cfg.Block)
		if err != nil {
			if ctx.Err() == nil {
				s.cfg.Log.Warn("web chat notices", "err", err)
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
				}
			}
			continue
		}
		after = next
		for _, c := range chats {
			s.hub.notify(c)
		}
	}
}
