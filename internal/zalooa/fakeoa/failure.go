package fakeoa

import (
	"net/http"

	"github.com/eidbot/eidbot/internal/zalooa"
)

// Failure is an answer the fake gives instead of the real one.
type Failure struct {
	// Status is the HTTP status. With Code 0 the body is an HTML page (a
	// proxy's), else {"error": Code, "message": Message}.
	Status  int
	Code    int
	Message string
	Drop    bool // close the connection without answering
	// After: process the request first, then fail (a refresh whose answer
	// is lost after Zalo spent the token).
	After bool
}

// ServerError is a 502 from a proxy in front of the API.
func ServerError() Failure { return Failure{Status: http.StatusBadGateway} }

// DropConnection closes the connection without an answer.
func DropConnection() Failure { return Failure{Drop: true} }

// TokenExpired is Zalo's "access token expired" (-216), whatever token
// was sent.
func TokenExpired() Failure {
	return Failure{Status: http.StatusOK, Code: zalooa.CodeTokenExpired, Message: "Access token is expired"}
}

// Refused is a negative error code in an HTTP 200 answer.
func Refused(code int, msg string) Failure {
	return Failure{Status: http.StatusOK, Code: code, Message: msg}
}

// LostAnswer processes the request and then drops the connection.
func LostAnswer() Failure { return Failure{Drop: true, After: true} }

type failRule struct {
	path string
	left int
	f    Failure
}

// FailNext makes the next n calls to path ("" for any) fail with f:
// before they are processed, or after when f.After is set. Rules apply in
// the order they were added. A request that is not a JSON (or form) POST
// is refused before failures are considered.
func (s *Server) FailNext(path string, n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failRule{path: path, left: n, f: f})
}

// takeFailure consumes one hit of the first rule for path of the phase:
// before processing (after false) the rules without After, after it
// those with After.
func (s *Server) takeFailure(path string, after bool) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.failures {
		if r.path != "" && r.path != path || r.f.After != after {
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
		s.record(c)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if f.Code == 0 {
		c.Status = f.Status
		s.record(c)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte("<html><body><h1>" + http.StatusText(f.Status) + "</h1></body></html>"))
		return
	}
	s.answer(w, c, f.Status, map[string]any{"error": f.Code, "message": f.Message})
}
