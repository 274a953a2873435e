package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/eidbot/eidbot/internal/zalobot"
)

// ZaloConfig configures the Zalo Bot Platform channel.
type ZaloConfig struct {
	Token string // ZALO_BOT_TOKEN, "<bot_id>:<secret>" from Zalo Bot Creator
	// Secret is ZALO_BOT_WEBHOOK_SECRET, required with a token: at least
	// zalobot.MinSecretLen printable characters (Zalo accepts 8).
	Secret string
	APIURL string // ZALO_BOT_API_URL, default zalobot.DefaultAPIURL
}

// loadZalo reads the Zalo Bot Platform's variables and the public URL
// into c and returns every problem, never quoting a token or secret.
func (c *Config) loadZalo(getenv func(string) string) []error {
	c.Zalo = ZaloConfig{
		Token:  strings.TrimSpace(getenv("ZALO_BOT_TOKEN")),
		Secret: getenv("ZALO_BOT_WEBHOOK_SECRET"),
		APIURL: strings.TrimRight(or(getenv("ZALO_BOT_API_URL"), zalobot.DefaultAPIURL), "/"),
	}
	var errs []error
	if raw := strings.TrimSpace(getenv("EIDBOT_PUBLIC_URL")); raw != "" {
		u, err := publicURL(raw)
		if err != nil {
			errs = append(errs, err)
		}
		c.PublicURL = u
	}
	if u, err := url.Parse(c.Zalo.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		errs = append(errs, errors.New("ZALO_BOT_API_URL: want an http(s) URL without credentials"))
	}
	if c.Zalo.Token == "" {
		if c.Zalo.Secret != "" {
			errs = append(errs, errors.New("ZALO_BOT_WEBHOOK_SECRET is set but ZALO_BOT_TOKEN is not"))
		}
		return errs
	}
	if err := zalobot.CheckToken(c.Zalo.Token); err != nil {
		errs = append(errs, fmt.Errorf("ZALO_BOT_TOKEN: %w", err))
	}
	if err := zalobot.ValidSecret(c.Zalo.Secret); err != nil {
		errs = append(errs, fmt.Errorf("ZALO_BOT_WEBHOOK_SECRET: required with ZALO_BOT_TOKEN: %d-%d printable characters without spaces, e.g. openssl rand -hex 24", zalobot.MinSecretLen, zalobot.MaxSecretLen))
	}
	if c.PublicURL == "" {
		errs = append(errs, errors.New("EIDBOT_PUBLIC_URL: required with ZALO_BOT_TOKEN: the server's public https URL, e.g. https://bot.example.org (Zalo shows calendar files as links under it)"))
	}
	return errs
}

// publicURL checks EIDBOT_PUBLIC_URL: an absolute https URL (http only to
// a loopback host, for tests) without query, fragment or credentials; the
// trailing slash is dropped.
func publicURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	bad := err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != ""
	if !bad && u.Scheme != "https" {
		ip := net.ParseIP(u.Hostname())
		bad = u.Scheme != "http" || !(u.Hostname() == "localhost" || ip != nil && ip.IsLoopback())
	}
	if bad {
		return "", fmt.Errorf("EIDBOT_PUBLIC_URL %.80q: want an https URL such as https://bot.example.org, without query", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}
