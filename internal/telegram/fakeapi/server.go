// Package fakeapi is a fake Telegram Bot API server for tests: an
// httptest.Server that answers the methods eidbot uses the way Telegram
// does, records every call, and fails on demand (429 flood waits, 403
// blocks, 400s, 500s, dropped connections). WithLimits makes it enforce
// Telegram's rate limits and record every request that broke one.
//
// It validates what Telegram validates and tests tend to get wrong: HTML
// parse mode (supported tags, nesting), message length after parsing,
// callback_data length, "message is not modified" on identical edits.
// It never talks to the real Telegram.
package fakeapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Default identity of the fake bot.
const (
	DefaultBotID    int64 = 7000000001
	DefaultUsername       = "eid_test_bot"
)

// Server is a fake Bot API. Pass URL() where the real base URL would go
// (TELEGRAM_API_URL); any token is accepted unless WithToken says otherwise.
type Server struct {
	srv   *httptest.Server
	t     testing.TB
	now   func() time.Time
	botID int64
	name  string
	token string // "" accepts any

	mu       sync.Mutex
	calls    []Call
	changed  chan struct{} // closed and replaced whenever a call is recorded
	failures []*failRule
	chats    map[int64]*chatState
	webhook  Webhook
	commands map[string]string // "scope|lang" → commands JSON
	limits   *limiter          // nil unless WithLimits
}

// Option configures a Server.
type Option func(*Server)

// WithBot sets the id and username getMe reports.
func WithBot(id int64, username string) Option {
	return func(s *Server) { s.botID, s.name = id, username }
}

// WithToken makes the server answer 401 Unauthorized to any other token.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithClock sets the clock that dates messages and calls.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// New starts a fake Bot API server; it is closed when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	s := &Server{
		t: t, now: time.Now, botID: DefaultBotID, name: DefaultUsername,
		changed: make(chan struct{}), chats: map[int64]*chatState{}, commands: map[string]string{},
	}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the server's base URL, without a trailing slash.
func (s *Server) URL() string { return s.srv.URL }

// Close shuts the server down before the test ends, e.g. to simulate an
// outage. Calling it again is harmless.
func (s *Server) Close() { s.srv.Close() }

// serve handles "/bot<token>/<method>".
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	received := time.Now() // for the limits: before the body is read
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", nil)
		return
	}
	params, files, err := readParams(r)
	call := Call{Method: method, Token: token, Params: params, Files: files, Time: s.now()}
	call.ReplyMarkup = decodeMarkup(params["reply_markup"])
	if err != nil {
		s.record(call, http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, "Bad Request: "+err.Error(), nil)
		return
	}
	if s.token != "" && token != s.token {
		s.record(call, http.StatusUnauthorized)
		writeError(w, http.StatusUnauthorized, "Unauthorized", nil)
		return
	}
	if f, ok := s.takeFailure(method, params["chat_id"]); ok {
		s.fail(w, call, f)
		return
	}
	if !s.admitCall(w, call, received) {
		return
	}
	status, result, desc := s.dispatch(call)
	if m, isMsg := result.(map[string]any); isMsg {
		call.MessageID, _ = m["message_id"].(int)
	}
	s.record(call, status)
	if status != http.StatusOK {
		writeError(w, status, desc, nil)
		return
	}
	body := map[string]any{"ok": true, "result": result}
	if desc != "" {
		body["description"] = desc
	}
	writeJSON(w, http.StatusOK, body)
}

// splitPath parses "/bot<token>/<method>".
func splitPath(path string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		return "", "", false
	}
	token, method, ok = strings.Cut(rest, "/")
	return token, method, ok && token != "" && method != "" && !strings.Contains(method, "/")
}

func writeError(w http.ResponseWriter, code int, desc string, params map[string]any) {
	body := map[string]any{"ok": false, "error_code": code, "description": desc}
	if params != nil {
		body["parameters"] = params
	}
	writeJSON(w, code, body)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
