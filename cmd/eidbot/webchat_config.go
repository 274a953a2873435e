package main

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// WebChatConfig is the web chat's part of the configuration.
type WebChatConfig struct {
	// On is EIDBOT_WEBCHAT: the web chat is served unless it is "off".
	On bool
	// Origins (EIDBOT_WEBCHAT_ORIGINS, comma-separated) are the sites that
	// may embed the widget and call the chat's API, as scheme://host[:port].
	// None: any site may embed it.
	Origins []string
	// TrustedProxies (EIDBOT_TRUSTED_PROXIES, comma-separated addresses or
	// CIDR blocks) are the reverse proxies whose X-Forwarded-For gives the
	// client's real address, which the web chat's rate limits and the
	// staff API's throttling of wrong tokens count.
	TrustedProxies []netip.Prefix
}

// loadWebChat reads the web chat's variables and returns every problem.
func loadWebChat(getenv func(string) string) (WebChatConfig, []error) {
	var c WebChatConfig
	var errs []error
	switch v := strings.ToLower(strings.TrimSpace(getenv("EIDBOT_WEBCHAT"))); v {
	case "", "on":
		c.On = true
	case "off":
	default:
		errs = append(errs, fmt.Errorf("EIDBOT_WEBCHAT %.20q: on (the default) or off", v))
	}
	for _, f := range fields(getenv("EIDBOT_WEBCHAT_ORIGINS")) {
		o, err := origin(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("EIDBOT_WEBCHAT_ORIGINS: %.60q: %w", f, err))
			continue
		}
		c.Origins = append(c.Origins, o)
	}
	for _, f := range fields(getenv("EIDBOT_TRUSTED_PROXIES")) {
		p, err := proxy(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("EIDBOT_TRUSTED_PROXIES: %.60q is not an address or CIDR block (10.0.0.5, 10.0.0.0/8, ::1)", f))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	return c, errs
}

// fields splits a list on commas and spaces.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

// origin checks and normalises a web origin: scheme and host (and port),
// as a browser sends it in the Origin header.
func origin(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil, u.Host == "", u.User != nil:
		return "", errors.New("want scheme://host[:port], e.g. https://ward.example.gov.vn")
	case u.Scheme != "https" && u.Scheme != "http":
		return "", errors.New("want an http or https origin")
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "":
		return "", errors.New("an origin has no path, query or fragment")
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// proxy reads an address (a one-address block) or a CIDR block.
func proxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}
