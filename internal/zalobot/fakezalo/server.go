// Package fakezalo is a stand-in Zalo Bot Platform server for tests: an
// httptest.Server that answers the Bot API methods eidbot uses the way the
// documented platform does, and posts webhook events the way Zalo does.
//
// It enforces what Zalo documents and clients tend to get wrong: the token
// in the path, POST with a JSON body, chat ids as JSON strings, texts of
// 1–2,000 characters (counted in UTF-16 code units, as Zalo counts), a
// webhook secret of 8–256 characters. A request that breaks a rule gets
// {"ok":false,…} and is recorded as a Violation besides its Call. Failures
// (5xx, dropped connections, refusals with any code) can be injected for
// the next calls of a method. It never talks to the real Zalo.
package fakezalo

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Defaults of the fake bot.
const (
	DefaultToken       = "1459232241454765289:fake-secret-Zk3uQ9xL"
	DefaultBotID       = "1459232241454765289"
	DefaultAccountName = "bot.EidTest"
)

// Server is a fake Zalo Bot API. Pass URL() where the real base URL would
// go (ZALO_BOT_API_URL) and Token() as the bot token.
type Server struct {
	srv    *httptest.Server
	t      testing.TB
	now    func() time.Time
	token  string
	status func(code int) int // HTTP status of an ok:false answer
	poster *http.Client

	mu         sync.Mutex
	calls      []Call
	violations []Violation
	changed    chan struct{} // closed and replaced whenever a call is recorded
	failures   []*failRule
	chats      map[string][]string // chat id → texts sent
	webhook    Webhook
	seq        uint64 // message ids
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the one token the server accepts (default DefaultToken).
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithStatus200 makes every {"ok":false} answer come with HTTP 200, as some
// APIs do; by default its HTTP status is its error_code.
func WithStatus200() Option {
	return func(s *Server) { s.status = func(int) int { return http.StatusOK } }
}

// New starts a fake server; it is closed when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	s := &Server{
		t: t, now: time.Now, token: DefaultToken, status: func(code int) int { return code },
		poster:  &http.Client{Timeout: WaitTimeout},
		changed: make(chan struct{}), chats: map[string][]string{},
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

// Token is the bot token the server accepts.
func (s *Server) Token() string { return s.token }

// serve handles "/bot<token>/<method>".
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		s.reply(w, Call{Method: r.URL.Path, Time: s.now()}, refusal(http.StatusNotFound, "Not Found"))
		return
	}
	call := Call{Method: method, Token: token, Time: s.now()}
	params, violation := readParams(r)
	call.Params = params
	switch {
	case token != s.token:
		s.violate(call, "token", "unknown bot token")
		s.reply(w, call, refusal(http.StatusUnauthorized, "Unauthorized"))
		return
	case violation != nil:
		s.violate(call, violation.Rule, violation.Detail)
		s.reply(w, call, refusal(http.StatusBadRequest, "Bad Request: "+violation.Detail))
		return
	}
	if f, ok := s.takeFailure(method, call.ChatID()); ok {
		s.fail(w, call, f)
		return
	}
	s.reply(w, call, s.dispatch(&call))
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

// answer is the outcome of one method: a result, or a refusal.
type answer struct {
	ok     bool
	result any
	code   int
	desc   string
}

func success(result any) answer { return answer{ok: true, result: result} }

func refusal(code int, desc string) answer { return answer{code: code, desc: desc} }

// reply records the call and writes the answer.
func (s *Server) reply(w http.ResponseWriter, c Call, a answer) {
	status := http.StatusOK
	body := map[string]any{"ok": a.ok}
	if a.ok {
		if a.result != nil {
			body["result"] = a.result
		}
	} else {
		status = s.status(a.code)
		body["error_code"], body["description"] = a.code, a.desc
	}
	c.OK, c.ErrorCode = a.ok, a.code
	s.record(c, status)
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
