package fakezalo

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"time"
)

// Call is one request the server received, whatever it answered.
type Call struct {
	Method string
	Token  string
	// Params is the JSON body decoded: strings stay strings, numbers are
	// float64, as encoding/json decodes them into any.
	Params    map[string]any
	Status    int    // HTTP status answered; 0 for a dropped connection
	OK        bool   // the answer's "ok"
	ErrorCode int    // the answer's error_code when not ok
	MessageID string // the message_id answered for a sent message
	Time      time.Time
}

// ChatID returns the call's chat_id if it is a string, else "".
func (c Call) ChatID() string { s, _ := c.Params["chat_id"].(string); return s }

// Text returns the call's text if it is a string, else "".
func (c Call) Text() string { s, _ := c.Params["text"].(string); return s }

// Violation is a request that broke one of the platform's rules.
type Violation struct {
	Method string
	Rule   string // "token", "method", "content-type", "json", "chat_id", "text", "text-length", "url", "secret_token", "unknown-method"
	Detail string
}

// String describes the violation.
func (v Violation) String() string { return fmt.Sprintf("%s: %s: %s", v.Method, v.Rule, v.Detail) }

// Calls returns every call so far, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the calls of one method, oldest first.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsTo(method)
}

func (s *Server) callsTo(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Violations returns every request that broke a rule, oldest first.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// Messages returns the texts sent to a chat, oldest first.
func (s *Server) Messages(chatID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.chats[chatID]...)
}

// Reset forgets the recorded calls, violations, messages and pending
// failures; the webhook stays.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.violations, s.failures, s.chats = nil, nil, nil, map[string][]string{}
}

// Wait blocks until at least n calls of method ("" for any) were recorded,
// and returns them; or returns ctx's error.
func (s *Server) Wait(ctx context.Context, method string, n int) ([]Call, error) {
	for {
		s.mu.Lock()
		calls, changed := s.callsTo(method), s.changed
		s.mu.Unlock()
		if len(calls) >= n {
			return calls, nil
		}
		select {
		case <-ctx.Done():
			return calls, fmt.Errorf("fakezalo: %d of %d %q calls: %w", len(calls), n, method, ctx.Err())
		case <-changed:
		}
	}
}

// WaitTimeout bounds WaitFor and the webhook posts. It is generous: it only
// turns a hang into a failure, and never asserts timing.
const WaitTimeout = 30 * time.Second

// WaitFor is Wait with WaitTimeout that fails the test on timeout. Call it
// from the test's goroutine only.
func (s *Server) WaitFor(method string, n int) []Call {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
	defer cancel()
	calls, err := s.Wait(ctx, method, n)
	if err != nil {
		s.t.Fatal(err)
	}
	return calls
}

// record stores a call and wakes the waiters.
func (s *Server) record(c Call, status int) {
	c.Status = status
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
	s.violations = append(s.violations, Violation{Method: c.Method, Rule: rule, Detail: detail})
}

// readParams reads a request as Zalo wants it: POST with a JSON object.
func readParams(r *http.Request) (map[string]any, *Violation) {
	if r.Method != http.MethodPost {
		return nil, &Violation{Rule: "method", Detail: r.Method + " instead of POST"}
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return nil, &Violation{Rule: "content-type", Detail: fmt.Sprintf("Content-Type %q instead of application/json", ct)}
	}
	var params map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(&params); err != nil || params == nil {
		return nil, &Violation{Rule: "json", Detail: "the body is not a JSON object"}
	}
	return params, nil
}
