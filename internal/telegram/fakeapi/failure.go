package fakeapi

import (
	"fmt"
	"net/http"
	"strconv"
)

// Failure is an answer the server gives instead of the real one.
type Failure struct {
	Code        int    // HTTP status and error_code
	Description string // Telegram's description
	RetryAfter  int    // 429: parameters.retry_after, in seconds
	MigrateTo   int64  // 400: parameters.migrate_to_chat_id
	Drop        bool   // close the connection without answering
	Chat        int64  // only for calls with this chat_id; 0 for any
}

// TooManyRequests is Telegram's flood-control answer.
func TooManyRequests(retryAfter int) Failure {
	return Failure{Code: http.StatusTooManyRequests, RetryAfter: retryAfter,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)}
}

// Blocked is the answer when the user blocked the bot.
func Blocked() Failure {
	return Failure{Code: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
}

// BadRequest is a 400 with "Bad Request: " + desc, e.g. "query is too old
// and response timeout expired or query ID is invalid".
func BadRequest(desc string) Failure {
	return Failure{Code: http.StatusBadRequest, Description: "Bad Request: " + desc}
}

// Migrated is the 400 for a group that became a supergroup.
func Migrated(newChatID int64) Failure {
	f := BadRequest("group chat was upgraded to a supergroup chat")
	f.MigrateTo = newChatID
	return f
}

// ServerError is a 500.
func ServerError() Failure {
	return Failure{Code: http.StatusInternalServerError, Description: "Internal Server Error"}
}

// DropConnection closes the connection after reading the request.
func DropConnection() Failure { return Failure{Drop: true} }

// ForChat restricts the failure to calls for one chat.
func (f Failure) ForChat(chatID int64) Failure {
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
// f.Chat fail with f. Rules apply in the order they were added.
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
		if r.method != "" && r.method != method {
			continue
		}
		if r.f.Chat != 0 && chatID != strconv.FormatInt(r.f.Chat, 10) {
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
	s.record(c, f.Code)
	var params map[string]any
	switch {
	case f.RetryAfter > 0:
		params = map[string]any{"retry_after": f.RetryAfter}
	case f.MigrateTo != 0:
		params = map[string]any{"migrate_to_chat_id": f.MigrateTo}
	}
	writeError(w, f.Code, f.Description, params)
}
