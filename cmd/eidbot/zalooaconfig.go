package main

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/internal/zalooa"
)

// ZaloOAConfig configures the Zalo Official Account channel: the bot
// behind a ward's or police station's OA (internal/zalooa).
type ZaloOAConfig struct {
	AppID     string // ZALO_OA_APP_ID: the Zalo app's id; turns the channel on
	SecretKey string // ZALO_OA_SECRET_KEY: the OA secret key that signs webhook events
	AppSecret string // ZALO_OA_APP_SECRET: the app's secret, sent on a token refresh
	APIURL    string // ZALO_OA_API_URL, default zalooa.DefaultAPIURL
	OAuthURL  string // ZALO_OA_OAUTH_URL, default zalooa.DefaultOAuthURL
	// OAID is ZALO_OA_OAID, the OA's own id: also accepted in place of
	// the app id in a signature (one guide signs with it) [U].
	OAID string
	// Area is ZALO_OA_AREA: the area (EIDBOT_AREAS_FILE) the OA belongs
	// to, e.g. a ward's OA; a new follower is offered that area's notices.
	// Empty: they choose the area.
	Area string
	// BroadcastQuota is ZALO_OA_BROADCAST_QUOTA: how many messages outside
	// the people's reply windows the OA may send a month (default 0: none).
	BroadcastQuota int
	// Buttons is ZALO_OA_BUTTONS=on: numbered choices also as buttons, whose
	// rules on customer-service messages are unclear [U]. Off by default.
	Buttons bool
}

// ZaloOA reports whether the Zalo Official Account channel is configured.
func (c Config) ZaloOA() bool { return c.OA.AppID != "" }

// loadZaloOA reads the Zalo OA's variables into c and returns every
// problem, never quoting a secret.
func (c *Config) loadZaloOA(getenv func(string) string) []error {
	c.OA = ZaloOAConfig{
		AppID:     strings.TrimSpace(getenv("ZALO_OA_APP_ID")),
		SecretKey: getenv("ZALO_OA_SECRET_KEY"),
		AppSecret: getenv("ZALO_OA_APP_SECRET"),
		APIURL:    strings.TrimRight(or(getenv("ZALO_OA_API_URL"), zalooa.DefaultAPIURL), "/"),
		OAuthURL:  strings.TrimRight(or(getenv("ZALO_OA_OAUTH_URL"), zalooa.DefaultOAuthURL), "/"),
		OAID:      strings.TrimSpace(getenv("ZALO_OA_OAID")),
		Area:      strings.TrimSpace(getenv("ZALO_OA_AREA")),
	}
	var errs []error
	for name, raw := range map[string]string{"ZALO_OA_API_URL": c.OA.APIURL, "ZALO_OA_OAUTH_URL": c.OA.OAuthURL} {
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			errs = append(errs, fmt.Errorf("%s: want an http(s) URL without credentials", name))
		}
	}
	if q := strings.TrimSpace(getenv("ZALO_OA_BROADCAST_QUOTA")); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 {
			errs = append(errs, errors.New("ZALO_OA_BROADCAST_QUOTA: messages a month outside the reply windows, 0 or more (default 0)"))
		}
		c.OA.BroadcastQuota = n
	}
	switch b := strings.ToLower(strings.TrimSpace(getenv("ZALO_OA_BUTTONS"))); b {
	case "", "off":
	case "on":
		c.OA.Buttons = true
	default:
		errs = append(errs, errors.New("ZALO_OA_BUTTONS: on or off (default off)"))
	}
	if c.OA.AppID == "" {
		if c.OA.SecretKey != "" || c.OA.AppSecret != "" {
			errs = append(errs, errors.New("ZALO_OA_SECRET_KEY or ZALO_OA_APP_SECRET is set but ZALO_OA_APP_ID is not"))
		}
		return errs
	}
	if !oaID(c.OA.AppID) || c.OA.OAID != "" && !oaID(c.OA.OAID) {
		errs = append(errs, errors.New("ZALO_OA_APP_ID, ZALO_OA_OAID: Zalo's ids, digits (1-128 letters, digits, '.', '_', '-')"))
	}
	if c.OA.SecretKey == "" || c.OA.AppSecret == "" {
		errs = append(errs, errors.New("ZALO_OA_SECRET_KEY (signs the webhook events) and ZALO_OA_APP_SECRET (refreshes the tokens) are required with ZALO_OA_APP_ID"))
	}
	if c.PublicURL == "" {
		errs = append(errs, errors.New("EIDBOT_PUBLIC_URL: required with ZALO_OA_APP_ID: the server's public https URL (Zalo shows calendar files as links under it)"))
	}
	return errs
}

// oaID reports an id that may name the OA's keys in Redis.
func oaID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
