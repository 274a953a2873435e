package httpserver_test

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"
)

// TestWrongAdminTokensThrottled: after ten wrong tokens from one address
// within the window, that address gets 429 with Retry-After — even with
// the right token — while another address (told apart through a trusted
// proxy's X-Forwarded-For) still gets in. The guesses are logged as a few
// aggregated lines, not one per guess.
func TestWrongAdminTokensThrottled(t *testing.T) {
	cfg := adminConfig(t)
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	a := startAdmin(t, cfg)
	attacker := []string{"X-Forwarded-For", "203.0.113.7"}
	const guesses = 50
	var statuses []int
	for i := range guesses {
		got := a.do(t, "GET", "/admin/nope", "Bearer guess-"+strings.Repeat("x", i), "", attacker...)
		statuses = append(statuses, got.status)
		if got.status == 429 && got.header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	for i, s := range statuses {
		want := 401
		if i >= 10 {
			want = 429
		}
		if s != want {
			t.Fatalf("statuses of %d wrong tokens: %v; want 10 × 401, then 429", guesses, statuses)
		}
	}
	if got := a.do(t, "GET", "/admin/nope", "Bearer "+adminToken, "", attacker...); got.status != 429 {
		t.Fatalf("the right token from the throttled address: %d, want 429", got.status)
	}
	if got := a.do(t, "GET", "/admin/nope", "Bearer "+adminToken, "", "X-Forwarded-For", "198.51.100.4"); got.status != 404 {
		t.Fatalf("the right token from another address: %d, want 404 (passed the token check)", got.status)
	}
	var lines []string
	for line := range strings.Lines(a.log.String()) {
		if (strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR")) && !strings.Contains(line, "status=404") {
			lines = append(lines, line)
		}
	}
	if len(lines) > 2 {
		t.Fatalf("%d guesses gave %d warning lines, want at most 2:\n%s", guesses, len(lines), strings.Join(lines, ""))
	}
	if !strings.Contains(a.log.String(), "addr=203.0.113.7") || strings.Contains(a.log.String(), "guess-") {
		t.Fatalf("the log should name the address and never a token:\n%s", a.log.String())
	}
}

// TestForwardedFromAnUntrustedPeerWarnsOnce: behind a proxy that is not in
// EIDBOT_TRUSTED_PROXIES, X-Forwarded-For is not believed (every client
// counts as the proxy), and the log says once how to fix it.
func TestForwardedFromAnUntrustedPeerWarnsOnce(t *testing.T) {
	a := startAdmin(t, adminConfig(t))
	a.do(t, "GET", "/admin/nope", "Bearer "+adminToken, "")
	if strings.Contains(a.log.String(), "EIDBOT_TRUSTED_PROXIES") {
		t.Fatalf("warned without X-Forwarded-For:\n%s", a.log.String())
	}
	for i := range 3 {
		a.do(t, "GET", "/admin/nope", "Bearer "+adminToken, "", "X-Forwarded-For", "198.51.100."+strconv.Itoa(i+1))
	}
	if n := strings.Count(a.log.String(), "set EIDBOT_TRUSTED_PROXIES"); n != 1 {
		t.Fatalf("%d warnings, want one:\n%s", n, a.log.String())
	}
	if strings.Contains(a.log.String(), "198.51.100.") {
		t.Fatalf("the warning names a forwarded address:\n%s", a.log.String())
	}
}
