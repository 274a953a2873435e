package telegram

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// boundDoer is the tgbotapi.HTTPClient of one attempt of one call. tgbotapi
// v5.5.1 builds requests without a context, so the doer attaches the call's
// context; it also remembers the HTTP status, because tgbotapi leaves
// Error.Code at 0 for uploads (sendDocument).
type boundDoer struct {
	ctx    context.Context
	client *http.Client
	direct *directTransport // nil: client sends every request
	status int
}

// Do sends req with the bound context. Its errors never carry the URL,
// which holds the bot token.
func (d *boundDoer) Do(req *http.Request) (*http.Response, error) {
	var resp *http.Response
	var err error
	if d.direct != nil && d.direct.handles(req) {
		resp, err = d.direct.do(d.ctx, req)
	} else {
		resp, err = d.client.Do(req.WithContext(d.ctx))
	}
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

// bind returns a copy of the template BotAPI whose requests go through d.
// BotAPI holds no lock or mutable state that the copy would share wrongly.
func (c *Client) bind(d *boundDoer) *tgbotapi.BotAPI {
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
