package zalooa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalojson"
)

// Client calls the OA API for one OA: customer-service messages and token
// refreshes. It holds no token: each call is given the one to use (see
// Tokens). It is safe for concurrent use.
type Client struct {
	cfg Config
}

// New checks the configuration. It calls nothing.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg}, nil
}

// Close drops the connections kept alive to Zalo.
func (c *Client) Close() { c.cfg.HTTPClient.CloseIdleConnections() }

// request is one HTTP request the client may send several times.
type request struct {
	op          string
	url         string
	contentType string
	body        []byte
	header      map[string]string
	secrets     []string // what must never appear in an error
	// once: the request must not be repeated once it may have reached
	// Zalo (a refresh spends its single-use token). Only a request that
	// never left (a failed dial) is tried again.
	once bool
}

// answer is the part of every OA API answer the client reads.
type answer struct {
	Error       *zalojson.Int `json:"error"`
	Message     string        `json:"message"`
	Name        string        `json:"error_name"`        // the token endpoint's
	Description string        `json:"error_description"` // the token endpoint's
}

// text is the answer's explanation of an error.
func (a answer) text() string {
	for _, s := range []string{a.Message, a.Description, a.Name} {
		if s != "" {
			return s
		}
	}
	return ""
}

// do runs a request with retries on network errors, 5xx and rate limits,
// and returns the body of an answer whose error is 0 (or absent: the
// token endpoint answers success without one). An error after ctx ended
// wraps ctx.Err().
func (c *Client) do(ctx context.Context, r request) ([]byte, error) {
	for try := 1; ; try++ {
		body, err := c.try(ctx, r)
		c.cfg.Calls.ObserveCall(bot.ChannelZaloOA, r.op, callResult(err))
		if err == nil {
			return body, nil
		}
		if ctx.Err() != nil {
			return nil, transport(r.op, ctx.Err())
		}
		if !c.retryable(r, err) || try >= c.cfg.Attempts {
			return nil, err
		}
		delay := min(c.cfg.Backoff<<(try-1), maxBackoff)
		c.cfg.Log.Warn("zalooa: request failed, retrying", "op", r.op, "attempt", try, "delay", delay, "error", err)
		if err := c.cfg.Sleep(ctx, delay); err != nil {
			return nil, transport(r.op, err)
		}
	}
}

// try makes one request.
func (c *Client) try(ctx context.Context, r request) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(r.body))
	if err != nil {
		return nil, transport(r.op, err, r.secrets...)
	}
	req.Header.Set("Content-Type", r.contentType)
	req.Header.Set("Accept", "application/json")
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, transport(r.op, err, r.secrets...)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, transport(r.op, err, r.secrets...)
	}
	var a answer
	if json.Unmarshal(data, &a) != nil {
		return nil, &ResponseError{Op: r.op, Status: resp.StatusCode}
	}
	if a.Error != nil && *a.Error != 0 {
		return nil, &APIError{Op: r.op, Code: int(*a.Error), Message: scrub(a.text(), r.secrets...), Status: resp.StatusCode}
	}
	if resp.StatusCode >= 300 {
		return nil, &ResponseError{Op: r.op, Status: resp.StatusCode}
	}
	return data, nil
}

// retryable reports whether another try of r may succeed and is safe.
func (c *Client) retryable(r request, err error) bool {
	var apiErr *APIError
	var respErr *ResponseError
	var tErr *transportError
	switch {
	case errors.As(err, &tErr):
		return !r.once || tErr.dial
	case r.once:
		return false
	case errors.As(err, &apiErr):
		return classOf(apiErr.Code) == classTemporary
	case errors.As(err, &respErr):
		return respErr.retryable()
	}
	return false
}

// isDial reports a connection that was never made, so nothing was sent.
func isDial(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// callResult names a try's result for bot.CallObserver: "ok", Zalo's
// error code of a refusal (e.g. "-216"), the HTTP status of an answer
// that was not the API's, or "network" when no answer came.
func callResult(err error) string {
	var apiErr *APIError
	var respErr *ResponseError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &apiErr):
		return strconv.Itoa(apiErr.Code)
	case errors.As(err, &respErr):
		return strconv.Itoa(respErr.Status)
	}
	return "network"
}
