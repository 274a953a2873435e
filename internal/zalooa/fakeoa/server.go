// Package fakeoa is a stand-in Zalo Official Account API for tests: an
// httptest server that enforces what internal/zalooa relies on — the
// access_token header and the token's expiry, single-use refresh tokens
// (reusing one fails and revokes every token, as Zalo does [T]), the
// 2,000-character text limit, negative error codes in HTTP 200 answers,
// and the 48 h / 8-reply window per user — records every call, injects
// failures, and posts signed (or forged) webhook events.
//
// Where the fake must guess how Zalo answers (the error codes of the
// token endpoint, the code of a reply beyond the window) it says so; the
// codes it uses are zalooa's (codes.go), so the two cannot drift apart.
package fakeoa

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/zalooa"
)

// The credentials the fake accepts unless options change them. Ids are
// 19-digit numbers, as Zalo's are, so that a float64 would lose digits.
const (
	AppID     = "3141592653589793238"
	OAID      = "2718281828459045235"
	SecretKey = "oa-secret-key-for-tests"
	AppSecret = "app-secret-for-tests"
)

// Server is the stand-in OA. It is safe for concurrent use.
type Server struct {
	t      testing.TB
	srv    *httptest.Server
	poster *http.Client
	now    func() time.Time

	accessTTL       time.Duration
	expiresAsNumber bool

	mu         sync.Mutex
	access     map[string]time.Time // valid access tokens and their expiry
	refresh    map[string]bool      // refresh tokens handed out; true once spent or revoked
	windows    map[string]window    // per user
	sent       map[string][]Sent    // per user
	calls      []Call
	violations []Violation
	failures   []*failRule
	refreshes  int // successful refreshes
	seq        uint64
	changed    chan struct{}
}

// window is a user's reply window as Zalo sees it.
type window struct {
	opened time.Time
	used   int
}

// Option changes the fake.
type Option func(*Server)

// WithClock makes the fake read time from now (token expiry, windows).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithAccessTTL sets the lifetime of the access tokens the fake issues
// (default 25 h, as expires_in "90000").
func WithAccessTTL(d time.Duration) Option { return func(s *Server) { s.accessTTL = d } }

// WithExpiresInNumber answers expires_in as a JSON number instead of the
// string Zalo sends [T].
func WithExpiresInNumber() Option { return func(s *Server) { s.expiresAsNumber = true } }

// New starts the fake; it stops when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	s := &Server{t: t, now: time.Now, accessTTL: 25 * time.Hour,
		access: map[string]time.Time{}, refresh: map[string]bool{}, windows: map[string]window{},
		sent: map[string][]Sent{}, changed: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.poster = &http.Client{Timeout: 30 * time.Second}
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the base of both the API and the token endpoint.
func (s *Server) URL() string { return s.srv.URL }

// Close stops the server early, e.g. to simulate an outage.
func (s *Server) Close() { s.srv.Close() }

// Config is a zalooa.Config pointing at the fake, with its credentials.
func (s *Server) Config() zalooa.Config {
	return zalooa.Config{AppID: AppID, SecretKey: SecretKey, AppSecret: AppSecret, APIURL: s.URL(), OAuthURL: s.URL(),
		Backoff: time.Millisecond}
}

// IssueRefreshToken hands out a refresh token, as an OA admin's
// authorisation does: what `eidbot zalo-oa token` is given.
func (s *Server) IssueRefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := s.token("rt")
	s.refresh[tok] = false
	return tok
}

// ExpireAccessTokens makes every access token issued so far expired, as
// if 25 hours had passed for them.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok := range s.access {
		s.access[tok] = time.Time{}
	}
}

// Refreshes is how many refreshes succeeded.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// token makes a fresh token or id. Call with s.mu held.
func (s *Server) token(kind string) string {
	s.seq++
	return fmt.Sprintf("%s-%s", kind, hex.EncodeToString(fmt.Appendf(nil, "%016d", s.seq)))
}

// serve routes a request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	c := Call{Path: r.URL.Path, Time: s.now(), AccessToken: r.Header.Get(zalooa.AccessTokenHeader)}
	switch r.URL.Path {
	case zalooa.SendPath:
		s.sendMessage(w, r, c)
	case zalooa.RefreshPath:
		s.refreshToken(w, r, c)
	default:
		s.violate(c, "path", "unknown path "+r.URL.Path)
		s.answer(w, c, http.StatusNotFound, map[string]any{"error": -1, "message": "not found"})
	}
}
