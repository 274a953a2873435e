package fakeoa

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Call is one request the fake received, whatever it answered.
type Call struct {
	Path        string
	AccessToken string         // the access_token header
	Params      map[string]any // the JSON body, or the form's first values
	Status      int            // HTTP status answered; 0 for a dropped connection
	Error       int            // the answer's "error"; 0 on success
	Time        time.Time
}

// Sent is one message the fake accepted.
type Sent struct {
	ID      string
	UserID  string
	Text    string
	ReplyTo string   // the recipient's zalooa.ReplyIDField
	Buttons []string // button titles
	Time    time.Time
}

// Violation is a request that broke one of the OA's rules.
type Violation struct {
	Path   string
	Rule   string // "path", "method", "content-type", "json", "token", "user_id", "text", "text-length", "buttons", "window", "secret_key", "app_id", "refresh-reuse", "refresh-unknown"
	Detail string
}

// String describes the violation.
func (v Violation) String() string { return fmt.Sprintf("%s: %s: %s", v.Path, v.Rule, v.Detail) }

// Calls returns the calls to path ("" for all), oldest first.
func (s *Server) Calls(path string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsTo(path)
}

func (s *Server) callsTo(path string) []Call {
	var out []Call
	for _, c := range s.calls {
		if path == "" || c.Path == path {
			out = append(out, c)
		}
	}
	return out
}

// Sent returns the messages the fake accepted for a user, oldest first.
func (s *Server) Sent(userID string) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent[userID]...)
}

// Violations returns every request that broke a rule, oldest first.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// WaitTimeout bounds Wait when the caller gives no deadline: it turns a
// hang into a failure and never asserts timing.
const WaitTimeout = 30 * time.Second

// Wait blocks until at least n calls to path ("" for any) were recorded
// and returns them, or returns ctx's error.
func (s *Server) Wait(ctx context.Context, path string, n int) ([]Call, error) {
	for {
		s.mu.Lock()
		calls, changed := s.callsTo(path), s.changed
		s.mu.Unlock()
		if len(calls) >= n {
			return calls, nil
		}
		select {
		case <-ctx.Done():
			return calls, fmt.Errorf("fakeoa: %d of %d calls to %q: %w", len(calls), n, path, ctx.Err())
		case <-changed:
		}
	}
}

// record stores a call and wakes the waiters.
func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
}

// violate records a broken rule.
func (s *Server) violate(c Call, rule, detail string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, Violation{Path: c.Path, Rule: rule, Detail: detail})
}

// answer records the call and writes a JSON answer.
func (s *Server) answer(w http.ResponseWriter, c Call, status int, body map[string]any) {
	c.Status = status
	if code, ok := body["error"].(int); ok {
		c.Error = code
	}
	s.record(c)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// refuse answers a negative error code with HTTP 200, as Zalo does [O].
func (s *Server) refuse(w http.ResponseWriter, c Call, code int, msg string) {
	s.answer(w, c, http.StatusOK, map[string]any{"error": code, "message": msg})
}
