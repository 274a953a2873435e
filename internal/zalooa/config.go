package zalooa

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

// Config configures the channel for one OA. AppID, SecretKey and
// AppSecret are required; none of the secrets is ever logged.
type Config struct {
	// AppID is the Zalo app's id (ZALO_OA_APP_ID): part of every event's
	// signature and of the token refresh.
	AppID string
	// SecretKey is the OA secret key that signs webhook events
	// (ZALO_OA_SECRET_KEY).
	SecretKey string
	// AppSecret is the app's secret key sent on a token refresh
	// (ZALO_OA_APP_SECRET).
	AppSecret string
	// OAID, when set, is also accepted in place of AppID in a signature:
	// one guide signs with the OA id. [U]
	OAID string
	// APIURL is the OA API base (ZALO_OA_API_URL); default DefaultAPIURL.
	APIURL string
	// OAuthURL is the token endpoint's base (ZALO_OA_OAUTH_URL); default
	// DefaultOAuthURL.
	OAuthURL string

	// Buttons attaches up to MaxButtons buttons to the message that ends
	// with a turn's numbered choices. Off by default: whether
	// customer-service messages may carry buttons is unclear. [U]
	Buttons bool
	// NoReplyID leaves the user's message id out of replies, should Zalo
	// refuse the ReplyIDField. [U]
	NoReplyID bool
	// BroadcastQuota is how many messages outside the reply window the OA
	// may send a month (default DefaultBroadcastQuota, none).
	BroadcastQuota int

	// HTTPClient carries every request; default a client with Timeout per
	// try. Cancelling a call's context aborts its request.
	HTTPClient *http.Client
	Timeout    time.Duration // one try, when HTTPClient is nil; default DefaultTimeout
	Log        *slog.Logger  // nil discards
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Sleep waits between tries; default a timer that ends early with ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Attempts bounds the tries of a call that fails with a network error,
	// a 5xx or a rate limit (default DefaultAttempts); Backoff is the first
	// wait (default DefaultBackoff), doubled after each.
	Attempts int
	Backoff  time.Duration
	// Calls is told of every try of an OA API call and its result (see
	// bot.CallObserver), for metrics; nil tells nobody.
	Calls bot.CallObserver
}

// withDefaults checks the configuration and fills in defaults.
func (c Config) withDefaults() (Config, error) {
	if c.AppID == "" || c.SecretKey == "" || c.AppSecret == "" {
		return c, errors.New("zalooa: the app id, the OA secret key and the app secret are required")
	}
	var err error
	if c.APIURL, err = baseURL(c.APIURL, DefaultAPIURL); err != nil {
		return c, err
	}
	if c.OAuthURL, err = baseURL(c.OAuthURL, DefaultOAuthURL); err != nil {
		return c, err
	}
	if c.BroadcastQuota < 0 {
		return c, fmt.Errorf("zalooa: negative broadcast quota %d", c.BroadcastQuota)
	}
	if c.HTTPClient == nil {
		timeout := c.Timeout
		if timeout <= 0 {
			timeout = DefaultTimeout
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 64, 64
		c.HTTPClient = &http.Client{Timeout: timeout, Transport: tr}
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleepContext
	}
	if c.Attempts <= 0 {
		c.Attempts = DefaultAttempts
	}
	if c.Backoff <= 0 {
		c.Backoff = DefaultBackoff
	}
	if c.Calls == nil {
		c.Calls = bot.NoCalls{}
	}
	return c, nil
}

// baseURL checks a base URL and drops its trailing slash.
func baseURL(base, def string) (string, error) {
	if base == "" {
		base = def
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("zalooa: %q is not an http(s) URL without query or credentials", base)
	}
	return strings.TrimRight(base, "/"), nil
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
