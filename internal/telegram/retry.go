package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/eidbot/eidbot/bot"
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxFloodWaits is the default of Config.FloodWaits: how often one call
// waits out a 429 before giving up and leaving the retry to the engine.
const maxFloodWaits = 5

// request runs one Bot API method: fn makes one attempt through tgbotapi
// with the HTTP client it is given, which carries ctx. request waits out a
// flood pause before each attempt, pauses the whole Client on a 429, and
// retries network errors and 5xx with exponential backoff. A 4xx other than
// 429 is returned at once. The result is not decoded here, so that a
// response Telegram accepted is never sent again.
func (c *Client) request(ctx context.Context, method string, fn func(tgbotapi.HTTPClient) (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	floods, failures := 0, 0
	for {
		if err := c.waitFlood(ctx); err != nil {
			return nil, fmt.Errorf("telegram: %s: %w", method, err)
		}
		d := &boundDoer{ctx: ctx, client: c.http}
		resp, err := fn(d)
		if err == nil {
			c.calls.ObserveCall(bot.ChannelTelegram, method, "ok")
			return resp, nil
		}
		err, retry := c.classify(method, err, d)
		c.calls.ObserveCall(bot.ChannelTelegram, method, callResult(err))
		if ctx.Err() != nil {
			return nil, fmt.Errorf("telegram: %s: %w", method, ctx.Err())
		}
		var apiErr *APIError
		flood := errors.As(err, &apiErr) && apiErr.Code == http.StatusTooManyRequests
		if flood && c.onFlood != nil {
			c.onFlood(apiErr.RetryAfter)
		}
		if flood && floods < c.floods {
			floods++
			c.pause(apiErr.RetryAfter)
			c.log.Warn("telegram: flood limit, pausing all sends", "method", method, "retry_after", apiErr.RetryAfter)
			continue
		}
		if failures++; !retry || failures >= c.attempts {
			return nil, err
		}
		delay := c.backoff << (failures - 1)
		c.log.Warn("telegram: request failed, retrying", "method", method, "attempt", failures, "delay", delay, "error", err)
		if err := c.sleep(ctx, delay); err != nil {
			return nil, fmt.Errorf("telegram: %s: %w", method, err)
		}
	}
}

// pause stops every call of this Client for d from now (at least a second:
// a 429 without retry_after still means "slow down").
func (c *Client) pause(d time.Duration) {
	until := c.now().Add(max(d, time.Second))
	c.mu.Lock()
	defer c.mu.Unlock()
	if until.After(c.pausedUntil) {
		c.pausedUntil = until
	}
}

// waitFlood sleeps through the current flood pause, if any. It sleeps once:
// a pause that another 429 extends meanwhile is met by that next 429.
func (c *Client) waitFlood(ctx context.Context) error {
	c.mu.Lock()
	d := c.pausedUntil.Sub(c.now())
	c.mu.Unlock()
	if d <= 0 {
		return ctx.Err()
	}
	return c.sleep(ctx, d)
}

// callResult names a failed attempt's result for bot.CallObserver: the
// code of Telegram's refusal ("429", "403"), "network" when no answer
// came, "unsent" for a request that could not be built, else
// "bad_response".
func callResult(err error) string {
	var apiErr *APIError
	var tErr *transportError
	switch {
	case errors.As(err, &apiErr):
		return strconv.Itoa(apiErr.Code)
	case errors.As(err, &tErr):
		return "network"
	case errors.Is(err, bot.ErrRejected):
		return "unsent" // could not be built: nothing left
	}
	return "bad_response"
}
