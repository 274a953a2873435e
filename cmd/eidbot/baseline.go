package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// baselineCommand is "eidbot baseline [--send]": the yardstick servers of
// docs/BENCHMARKS.md, on EIDBOT_ADDR and REDIS_URL.
func baselineCommand() *command {
	return &command{
		name:    "baseline",
		summary: "run the benchmark yardstick server (see docs/BENCHMARKS.md)",
		about: "A bare webhook handler (parse, one Redis GET and SET) on EIDBOT_ADDR; needs REDIS_URL.\n" +
			"With --send it also posts one sendMessage per update to TELEGRAM_API_URL over plain net/http.",
		flags: func(fs *flag.FlagSet) action {
			send := fs.Bool("send", false, "also send one sendMessage per update to TELEGRAM_API_URL")
			return func(ctx context.Context, e *proc, _ []string) error { return runBaseline(ctx, *send, e.getenv) }
		},
	}
}

// runBaseline serves the baseline until the context ends. Without send, a
// bare Fiber handler: parse the update, one Redis GET and SET. With send it
// also posts one sendMessage per update over a plain net/http client: the
// least work an update that gets a reply needs.
func runBaseline(ctx context.Context, send bool, getenv func(string) string) error {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	if cfg.RedisURL == "" {
		return fmt.Errorf("baseline needs REDIS_URL: it measures against a real Redis")
	}
	var sender func(context.Context, int64) error
	if send {
		if cfg.Token == "" {
			return errors.New("baseline --send needs TELEGRAM_TOKEN and TELEGRAM_API_URL")
		}
		sender = newBaselineSender(cfg.APIURL, cfg.Token).send
	}
	store, err := redisstore.Open(ctx, cfg.RedisURL, cfg.storeOptions())
	if err != nil {
		return err
	}
	defer store.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	b := httpserver.NewBaseline(store, sender)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.Shutdown(sctx)
	}()
	return b.Serve(ln)
}

// baselineSender posts a fixed short sendMessage over net/http and checks
// the status only. It is deliberately independent of internal/telegram, so
// that the yardstick stays the same whatever the bot's client does.
type baselineSender struct {
	client *http.Client
	url    string
}

func newBaselineSender(apiURL, token string) *baselineSender {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// net/http keeps 2 idle connections per host by default: with 64
	// concurrent updates it would dial for almost every reply.
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 128, 128
	return &baselineSender{
		client: &http.Client{Transport: tr, Timeout: 15 * time.Second},
		url:    strings.TrimRight(apiURL, "/") + "/bot" + token + "/sendMessage",
	}
}

func (s *baselineSender) send(ctx context.Context, chatID int64) error {
	body := "chat_id=" + strconv.FormatInt(chatID, 10) + "&text=OK"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("sendMessage: HTTP %d", resp.StatusCode)
	}
	return nil
}
