package fakezalo

import (
	"net/http"
	"strconv"
)

// Failure is an answer the server gives instead of the real one.
type Failure struct {
	// Status is the HTTP status. With Code 0 the body is an HTML page, not
	// a Bot API answer (a proxy's error page); otherwise the body is
	// {"ok":false,"error_code":Code,"description":Description}.
	Status      int
	Code        int
	Description string
	RetryAfter  int    // seconds, sent as a Retry-After header when > 0
	Drop        bool   // close the connection without answering
	Chat        string // only for calls with this chat_id; "" for any
}

// ServerError is a 500 with a Bot API body.
func ServerError() Failure {
	return Failure{Status: http.StatusInternalServerError, Code: http.StatusInternalServerError, Description: "Internal Server Error"}
}

// BadGateway is a 502 from a proxy in front of the API: an HTML page.
func BadGateway() Failure { return Failure{Status: http.StatusBadGateway} }

// DropConnection closes the connection after reading the request.
func DropConnection() Failure { return Failure{Drop: true} }

// Refused is {"ok":false} with code and description, with HTTP 200: the
// case a client that trusts the status gets wrong.
func Refused(code int, desc string) Failure {
	return Failure{Status: http.StatusOK, Code: code, Description: desc}
}

// Blocked is how we expect Zalo to refuse a message to a user who blocked
// the bot. Zalo documents no such error; this is a guess. [U]
func Blocked() Failure {
	return Failure{Status: http.StatusForbidden, Code: http.StatusForbidden, Description: "Forbidden: the user blocked the bot"}
}

// TooManyRequests is a 429 asking to wait retryAfter seconds.
func TooManyRequests(retryAfter int) Failure {
	return Failure{Status: http.StatusTooManyRequests, Code: http.StatusTooManyRequests, Description: "Too Many Requests", RetryAfter: retryAfter}
}

// ForChat restricts the failure to calls for one chat.
func (f Failure) ForChat(chatID string) Failure {
	f.Chat = chatID
	return f
}

// failRule is a pending failure with the number of calls it still hits.
type failRule struct {
	method string
	left   int
	f      Failure
}

// FailNext makes the next n calls of method ("" for any method) that match
// f.Chat fail with f. Rules apply in the order they were added. Calls that
// break a rule are refused before failures are considered.
func (s *Server) FailNext(method string, n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failRule{method: method, left: n, f: f})
}

// takeFailure consumes one hit of the first matching rule.
func (s *Server) takeFailure(method, chatID string) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.failures {
		if r.method != "" && r.method != method || r.f.Chat != "" && r.f.Chat != chatID {
			continue
		}
		if r.left--; r.left <= 0 {
			s.failures = append(s.failures[:i], s.failures[i+1:]...)
		}
		return r.f, true
	}
	return Failure{}, false
}

// fail answers with f and records the call.
func (s *Server) fail(w http.ResponseWriter, c Call, f Failure) {
	if f.Drop {
		s.record(c, 0)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // closes the connection too
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	if f.Code == 0 {
		s.record(c, f.Status)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte("<html><body><h1>" + http.StatusText(f.Status) + "</h1></body></html>"))
		return
	}
	c.ErrorCode = f.Code
	s.record(c, f.Status)
	writeJSON(w, f.Status, map[string]any{"ok": false, "error_code": f.Code, "description": f.Description})
}
