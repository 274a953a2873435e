package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/eidbot/eidbot/bot"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// DefaultAPIURL is the Bot API server used when Config.APIURL is empty.
const DefaultAPIURL = "https://api.telegram.org"

// Config configures a Client. Only Token is required.
type Config struct {
	Token string // from @BotFather; never logged
	// APIURL is the Bot API base, e.g. a fake server in tests or a local
	// Bot API server. Default DefaultAPIURL.
	APIURL string
	// HTTPClient carries every request; default NewHTTPClient(Timeout).
	// Cancelling a call's context aborts its request either way.
	HTTPClient *http.Client
	// Timeout bounds one attempt of a request when HTTPClient is nil
	// (default 30 s).
	Timeout time.Duration
	Log     *slog.Logger // nil discards
	// Sleep waits between attempts and through flood pauses; default a
	// timer that returns early with ctx.Err() when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time // default time.Now; dates flood pauses
	// Attempts bounds tries of a request that fails with a network error or
	// a 5xx (default 3); Backoff is the first wait between them (default
	// 200 ms), doubled after each failure.
	Attempts int
	Backoff  time.Duration
	// FloodWaits bounds how many 429s one call waits out before it returns
	// the *APIError (default 5); negative: none, the caller handles every
	// 429 itself (the campaign worker does, to pause all processes).
	FloodWaits int
	// OnFlood, when set, is told of every 429 with its retry_after, e.g. to
	// pause the sends of other processes too. It must not block.
	OnFlood func(retryAfter time.Duration)
	// Calls is told of every attempt at a Bot API call and its result
	// (see bot.CallObserver), for metrics; nil tells nobody.
	Calls bot.CallObserver
}

// Client talks to the Bot API as one bot. It is a bot.Sender, and safe for
// concurrent use: all its calls share one flood pause, because Telegram's
// 429 limits the bot as a whole.
type Client struct {
	api      *tgbotapi.BotAPI // from NewBotAPIWithClient; each call runs on a copy bound to its context
	http     *http.Client
	token    string
	log      *slog.Logger
	sleep    func(context.Context, time.Duration) error
	now      func() time.Time
	attempts int
	backoff  time.Duration
	floods   int
	onFlood  func(time.Duration)
	calls    bot.CallObserver

	mu          sync.Mutex
	pausedUntil time.Time // no call starts before this (429 retry_after)
}

// New checks the configuration and builds the library's BotAPI with
// tgbotapi.NewBotAPIWithClient, which calls getMe: a wrong token fails at
// start-up and the Client knows its own id and username. That getMe runs as
// one attempt of Client.request, so that it honours ctx and is retried like
// any other call.
func New(ctx context.Context, cfg Config) (*Client, error) {
	endpoint, err := endpointFormat(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" || strings.ContainsAny(cfg.Token, "/?#% ") {
		return nil, errors.New("telegram: missing or malformed bot token")
	}
	c := newClient(cfg)
	_, err = c.request(ctx, "getMe", func(d tgbotapi.HTTPClient) (*tgbotapi.APIResponse, error) {
		api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, endpoint, d)
		if err != nil {
			return nil, err
		}
		c.api = api
		return &tgbotapi.APIResponse{Ok: true}, nil
	})
	if err != nil {
		return nil, err
	}
	if c.api.Self.ID == 0 {
		return nil, errors.New("telegram: getMe: unexpected result")
	}
	c.api.Client = c.http // the template's own client: bind replaces it on every call
	return c, nil
}

func newClient(cfg Config) *Client {
	c := &Client{
		http: cfg.HTTPClient, token: cfg.Token, log: cfg.Log, sleep: cfg.Sleep, now: cfg.Now,
		attempts: cfg.Attempts, backoff: cfg.Backoff, floods: cfg.FloodWaits, onFlood: cfg.OnFlood,
		calls: cfg.Calls,
	}
	if c.calls == nil {
		c.calls = bot.NoCalls{}
	}
	if c.http == nil {
		timeout := cfg.Timeout
		if timeout <= 0 {
			timeout = 30 * time.Second
		}
		c.http = NewHTTPClient(timeout)
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.attempts <= 0 {
		c.attempts = 3
	}
	switch {
	case c.floods == 0:
		c.floods = maxFloodWaits
	case c.floods < 0:
		c.floods = 0
	}
	if c.backoff <= 0 {
		c.backoff = 200 * time.Millisecond
	}
	return c
}

// Close drops the connections kept alive to the Bot API.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// endpointFormat turns an API base URL into tgbotapi's endpoint format
// ("<base>/bot%s/%s"). A "%" in the base would corrupt that format.
func endpointFormat(base string) (string, error) {
	if base == "" {
		base = DefaultAPIURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return "", fmt.Errorf("telegram: API URL must be an http(s) URL without query, got %q", base)
	}
	return strings.ReplaceAll(strings.TrimRight(base, "/"), "%", "%%") + "/bot%s/%s", nil
}

// BotID is the bot's own user id, as getMe reported it.
func (c *Client) BotID() int64 { return c.api.Self.ID }

// Username is the bot's username without "@", as getMe reported it.
func (c *Client) Username() string { return c.api.Self.UserName }

// Decoder returns a Decoder that knows this bot, logging to log.
func (c *Client) Decoder(log *slog.Logger) *Decoder {
	return &Decoder{BotID: c.api.Self.ID, Username: c.api.Self.UserName, Log: log}
}

// sleepContext waits d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
