package telegram

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Sizes and limits of NewHTTPClient's transport.
const (
	// maxIdlePerHost is how many idle connections to the Bot API stay open.
	// Telegram posts updates on up to max_connections (40 by default, at
	// most 100) connections at once, each handler sends its reply, and the
	// campaign worker sends too: keep that many alive. net/http keeps 2
	// per host by default and would dial for almost every reply.
	maxIdlePerHost = 128
	// idleTimeout drops a connection unused this long: servers close idle
	// connections after a minute or so, and a request written into a
	// connection the server is closing fails (and is retried).
	idleTimeout = 45 * time.Second
	// headerTimeout bounds the wait for an answer once a request is written.
	// Telegram answers in well under a second; a request stuck this long
	// is better failed and retried.
	headerTimeout = 10 * time.Second
	// handshakeTimeout bounds a TLS handshake.
	handshakeTimeout = 10 * time.Second
)

// NewHTTPClient returns the net/http client for the Bot API that a Client
// uses when Config.HTTPClient is nil; pass one to several Clients of a
// process (replies and the campaign worker) so that they share its pool.
// timeout bounds each request as a whole (http.Client.Timeout).
//
// It is http.DefaultTransport's configuration (proxies from HTTPS_PROXY,
// HTTP_PROXY and NO_PROXY; dial timeout and TCP keep-alive; HTTP/2 over
// TLS where the server offers it, every request then sharing one
// connection) with a keep-alive pool sized for the webhook, timeouts on the
// handshake and on the answer, and no gzip: Telegram's answers are a few
// hundred bytes.
func NewHTTPClient(timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = maxIdlePerHost, maxIdlePerHost
	tr.IdleConnTimeout = idleTimeout
	tr.TLSHandshakeTimeout = handshakeTimeout
	tr.ResponseHeaderTimeout = headerTimeout
	tr.ForceAttemptHTTP2 = true
	tr.DisableCompression = true
	return &http.Client{Transport: tr, Timeout: timeout}
}

// boundDoer is the tgbotapi.HTTPClient of one attempt of one call. tgbotapi
// v5.5.1 builds requests without a context, so the doer attaches the call's
// context; it also remembers the HTTP status, because tgbotapi leaves
// Error.Code at 0 for uploads (sendDocument).
type boundDoer struct {
	ctx    context.Context
	client *http.Client
	sent   bool // Do was called: tgbotapi built a request
	status int
}

// Do sends req with the bound context. Its errors never carry the URL,
// which holds the bot token.
func (d *boundDoer) Do(req *http.Request) (*http.Response, error) {
	d.sent = true
	resp, err := d.client.Do(req.WithContext(d.ctx))
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, &transportError{err: err}
	}
	d.status = resp.StatusCode
	return resp, nil
}

// transportError is a request that got no HTTP response (refused, reset,
// timed out). It is temporary.
type transportError struct{ err error }

func (e *transportError) Error() string { return "transport: " + e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// bind returns a copy of the BotAPI whose requests go through d. BotAPI
// holds no lock or mutable state that the copy would share wrongly.
func (c *Client) bind(d tgbotapi.HTTPClient) *tgbotapi.BotAPI {
	api := *c.api
	api.Client = d
	return &api
}

// redact removes the token from an error that tgbotapi built around the
// request URL (http.NewRequest errors do so). Such an error is rebuilt as
// text only, so that nothing down its chain can print the token either.
func (c *Client) redact(err error) error {
	if err == nil || c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), c.token, "<token>"))
}
