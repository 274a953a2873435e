package zalobot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Config configures a Client. Only Token is required.
type Config struct {
	Token string // "<bot_id>:<secret>" from Zalo Bot Creator; never logged
	// APIURL is the Bot API base, e.g. a fake server in tests. Default
	// DefaultAPIURL.
	APIURL string
	// HTTPClient carries every request; cancelling a call's context aborts
	// its request. Default: a client with Timeout per try.
	HTTPClient *http.Client
	Timeout    time.Duration // one try, when HTTPClient is nil; default DefaultTimeout
	Log        *slog.Logger  // retries are logged here; nil discards
	// Sleep waits between tries; default a timer that returns ctx.Err()
	// early when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
	// Attempts bounds the tries of a call that fails with a network error,
	// a 5xx or a 429 (default DefaultAttempts); Backoff is the first wait
	// between them (default DefaultBackoff), doubled after each failure.
	Attempts int
	Backoff  time.Duration
	// Calls is told of every try of a Bot API call and its result (see
	// bot.CallObserver), for metrics; nil tells nobody.
	Calls bot.CallObserver
}

// Client calls the Zalo Bot API as one bot. It is safe for concurrent use.
type Client struct {
	base     string // without a trailing slash
	token    string
	secrets  []string // what must never appear in an error: the token and its parts
	http     *http.Client
	log      *slog.Logger
	sleep    func(context.Context, time.Duration) error
	attempts int
	backoff  time.Duration
	calls    bot.CallObserver
}

// New checks the configuration. It calls nothing: call GetMe to check the
// token at start-up.
func New(cfg Config) (*Client, error) {
	base, err := apiBase(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	if err := CheckToken(cfg.Token); err != nil {
		return nil, err
	}
	c := &Client{
		base: base, token: cfg.Token, secrets: secretsOf(cfg.Token), http: cfg.HTTPClient, log: cfg.Log,
		sleep: cfg.Sleep, attempts: cfg.Attempts, backoff: cfg.Backoff, calls: cfg.Calls,
	}
	if c.calls == nil {
		c.calls = bot.NoCalls{}
	}
	if c.http == nil {
		timeout := cfg.Timeout
		if timeout <= 0 {
			timeout = DefaultTimeout
		}
		// Replies go out from many webhook requests at once: keep that
		// many connections alive (net/http keeps 2 per host).
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 64, 64
		c.http = &http.Client{Timeout: timeout, Transport: tr}
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.attempts <= 0 {
		c.attempts = DefaultAttempts
	}
	if c.backoff <= 0 {
		c.backoff = DefaultBackoff
	}
	return c, nil
}

// apiBase checks an API base URL and drops its trailing slash.
func apiBase(base string) (string, error) {
	if base == "" {
		base = DefaultAPIURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("zalobot: API URL must be an http(s) URL without query or credentials, got %q", base)
	}
	return strings.TrimRight(base, "/"), nil
}

// CheckToken reports a bot token that cannot be used as it is, without
// quoting it: New refuses the same tokens.
func CheckToken(token string) error {
	if !validToken(token) {
		return errors.New("zalobot: missing or malformed bot token (want <bot_id>:<secret>, as Zalo Bot Creator shows it)")
	}
	return nil
}

// validToken accepts a token that can sit in a URL path as it is. Zalo's
// are "<digits>:<letters, digits, - and _>" [O]; we only refuse what would
// change the URL.
func validToken(t string) bool {
	if t == "" || len(t) > 512 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; c <= ' ' || c >= 0x7F || strings.IndexByte("/?#%\\\"<>", c) >= 0 {
			return false
		}
	}
	return true
}

// secretsOf lists the strings scrub removes: the token, as it is and as a
// URL would escape it, and its secret part on its own.
func secretsOf(token string) []string {
	out := []string{token}
	if esc := url.PathEscape(token); esc != token {
		out = append(out, esc)
	}
	if _, secret, ok := strings.Cut(token, ":"); ok && len(secret) >= 8 {
		out = append(out, secret)
	}
	return out
}

// Close drops the connections kept alive to the Bot API.
func (c *Client) Close() { c.http.CloseIdleConnections() }

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
