package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

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
	// HTTPClient carries every request. By default the Client sends its
	// form posts on its own keep-alive connections (see directTransport)
	// and the rest (uploads, and everything when a proxy is set in the
	// environment) through net/http. Cancelling a call's context aborts its
	// request either way.
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
}

// Client talks to the Bot API as one bot. It is a bot.Sender, and safe for
// concurrent use: all its calls share one flood pause, because Telegram's
// 429 limits the bot as a whole.
type Client struct {
	api            *tgbotapi.BotAPI // template: each call runs on a copy bound to its context
	http           *http.Client
	direct         *directTransport // nil: every request goes through http
	endpoint       string           // tgbotapi's format: base, token, method
	sendMessageURL string           // endpoint for sendMessage
	token          string
	self           tgbotapi.User
	log            *slog.Logger
	sleep          func(context.Context, time.Duration) error
	now            func() time.Time
	attempts       int
	backoff        time.Duration
	floods         int
	onFlood        func(time.Duration)

	mu          sync.Mutex
	pausedUntil time.Time // no call starts before this (429 retry_after)
}

// New checks the configuration and calls getMe, so that a wrong token fails
// at start-up and the Client knows its own id and username.
//
// It does not use tgbotapi.NewBotAPIWithClient, which also calls getMe but
// with neither a context nor retries; it fills in the same BotAPI itself.
func New(ctx context.Context, cfg Config) (*Client, error) {
	endpoint, err := endpointFormat(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" || strings.ContainsAny(cfg.Token, "/?#% ") {
		return nil, errors.New("telegram: missing or malformed bot token")
	}
	c := newClient(cfg)
	if cfg.HTTPClient == nil && !proxied(cfg.APIURL) {
		c.direct = newDirectTransport(c.timeout(cfg))
	}
	c.api = &tgbotapi.BotAPI{Token: cfg.Token, Buffer: 100}
	c.api.SetAPIEndpoint(endpoint)
	c.endpoint = endpoint
	c.sendMessageURL = fmt.Sprintf(endpoint, cfg.Token, "sendMessage")
	resp, err := c.request(ctx, "getMe", func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return api.MakeRequest("getMe", nil)
	})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(resp.Result, &c.self); err != nil || c.self.ID == 0 {
		return nil, errors.New("telegram: getMe: unexpected result")
	}
	return c, nil
}

func newClient(cfg Config) *Client {
	c := &Client{
		http: cfg.HTTPClient, token: cfg.Token, log: cfg.Log, sleep: cfg.Sleep, now: cfg.Now,
		attempts: cfg.Attempts, backoff: cfg.Backoff, floods: cfg.FloodWaits, onFlood: cfg.OnFlood,
	}
	if c.http == nil {
		// Telegram calls the webhook on up to 40 connections at once by
		// default, each sending replies: keep that many alive (net/http
		// keeps 2 per host and would dial for almost every reply).
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 128, 128
		c.http = &http.Client{Timeout: c.timeout(cfg), Transport: tr}
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

func (c *Client) timeout(cfg Config) time.Duration {
	if cfg.Timeout > 0 {
		return cfg.Timeout
	}
	return 30 * time.Second
}

// proxied reports whether the environment (HTTPS_PROXY, HTTP_PROXY,
// NO_PROXY) sends requests to the Bot API through a proxy: those go through
// net/http, which speaks to proxies.
func proxied(base string) bool {
	if base == "" {
		base = DefaultAPIURL
	}
	u, err := url.Parse(base)
	if err != nil {
		return true
	}
	p, err := http.ProxyFromEnvironment(&http.Request{URL: u})
	return err != nil || p != nil
}

// Close drops the connections kept alive to the Bot API.
func (c *Client) Close() {
	if c.direct != nil {
		c.direct.Close()
	}
	c.http.CloseIdleConnections()
}

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
func (c *Client) BotID() int64 { return c.self.ID }

// Username is the bot's username without "@", as getMe reported it.
func (c *Client) Username() string { return c.self.UserName }

// Decoder returns a Decoder that knows this bot, logging to log.
func (c *Client) Decoder(log *slog.Logger) *Decoder {
	return &Decoder{BotID: c.self.ID, Username: c.self.UserName, Log: log}
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
