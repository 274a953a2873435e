package zalobot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// envelope is every Bot API answer [O].
type envelope struct {
	OK          *bool           `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

// call runs one Bot API method with a JSON body and returns its result. It
// retries network errors, 5xx and 429 with exponential backoff, at most
// Attempts tries, and returns at once on any other refusal. An error after
// ctx ended wraps ctx.Err(). Retrying a send whose answer was lost may
// deliver it twice: delivery is at least once.
func (c *Client) call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	if params == nil {
		params = struct{}{}
	}
	body, err := json.Marshal(params)
	if err != nil {
		return nil, rejected("%s: encoding the request: %v", method, err)
	}
	for try := 1; ; try++ {
		result, wait, err := c.try(ctx, method, body)
		c.calls.ObserveCall(bot.ChannelZaloBot, method, callResult(err))
		if err == nil {
			return result, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("zalobot: %s: %w", method, ctx.Err())
		}
		if !retryable(err) || try >= c.attempts {
			return nil, err
		}
		delay := min(max(c.backoff<<(try-1), wait), maxBackoff)
		c.log.Warn("zalobot: request failed, retrying", "method", method, "attempt", try, "delay", delay, "error", err)
		if err := c.sleep(ctx, delay); err != nil {
			return nil, fmt.Errorf("zalobot: %s: %w", method, err)
		}
	}
}

// try makes one request. wait is how long the answer asked us to wait
// (Retry-After), if it did.
func (c *Client) try(ctx context.Context, method string, body []byte) (json.RawMessage, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/bot"+c.token+"/"+method, bytes.NewReader(body))
	if err != nil {
		return nil, 0, c.transport(method, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, c.transport(method, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, 0, c.transport(method, err)
	}
	wait := retryAfter(resp.Header.Get("Retry-After"))
	var env envelope
	if json.Unmarshal(data, &env) != nil || env.OK == nil {
		return nil, wait, &ResponseError{Method: method, Status: resp.StatusCode}
	}
	if !*env.OK {
		code := env.ErrorCode
		if code == 0 {
			code = resp.StatusCode
		}
		return nil, wait, &APIError{Method: method, Code: code, Status: resp.StatusCode,
			Description: c.scrub(env.Description), RetryAfter: wait}
	}
	return env.Result, 0, nil
}

// retryable reports whether another try of the same request may succeed.
func retryable(err error) bool {
	var apiErr *APIError
	var respErr *ResponseError
	var tErr *transportError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.retryable()
	case errors.As(err, &respErr):
		return respErr.retryable()
	}
	return errors.As(err, &tErr)
}

// retryAfter reads a Retry-After header given in seconds; 0 if absent.
func retryAfter(h string) time.Duration {
	n, err := strconv.Atoi(h)
	if err != nil || n <= 0 {
		return 0
	}
	return min(time.Duration(n)*time.Second, maxBackoff)
}

// callResult names a try's result for bot.CallObserver: "ok", Zalo's
// error code (or the HTTP status) of a refusal, the HTTP status of an
// answer that was not the Bot API's, or "network" when no answer came.
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
