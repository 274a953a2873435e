package telegram

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

func TestRedactRemovesToken(t *testing.T) {
	c := &Client{token: testToken}
	err := c.redact(errors.New(`parse "http://x/bot` + testToken + `/sendMessage": invalid`))
	if strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "<token>") {
		t.Errorf("redacted = %v", err)
	}
	plain := errors.New("no token here")
	if c.redact(plain) != plain {
		t.Error("an error without the token must pass unchanged")
	}
}

func TestProxyErrorPageIsRetried(t *testing.T) {
	var sends atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			_, _ = w.Write([]byte(`{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"b","username":"b"}}`))
		case sends.Add(1) == 1:
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("<html>502 Bad Gateway</html>"))
		default:
			_, _ = w.Write([]byte(`{"ok":true,"result":{"message_id":41,"chat":{"id":5,"type":"private"},"date":1}}`))
		}
	}))
	defer srv.Close()
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, Sleep: (&recorder{}).sleep})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := c.Send(context.Background(), bot.Reply{Kind: bot.ReplyText, Chat: privateChat(5), Text: "hi"})
	if err != nil || sent.MessageID != 41 || sends.Load() != 2 {
		t.Fatalf("Send = %+v, %v after %d requests", sent, err, sends.Load())
	}
}

func TestAPIErrorUnwrap(t *testing.T) {
	for code, want := range map[int]error{403: bot.ErrBlocked, 400: bot.ErrRejected, 429: nil, 500: nil, 401: nil} {
		err := &APIError{Method: "sendMessage", Code: code, Description: "x"}
		if got := err.Unwrap(); got != want {
			t.Errorf("%d unwraps to %v, want %v", code, got, want)
		}
	}
}

// An attempt that fails before tgbotapi sends anything (its parameters do
// not encode) is the reply's fault: rejected, not retried.
func TestErrorBeforeSendingIsRejected(t *testing.T) {
	c := &Client{token: testToken}
	err, retry := c.classify("sendMessage", errors.New("json: unsupported value"), &boundDoer{})
	if !errors.Is(err, bot.ErrRejected) || retry {
		t.Errorf("classify = %v, retry %v; want ErrRejected without retry", err, retry)
	}
	// The same error after a request went out is a bad answer: retried.
	err, retry = c.classify("sendMessage", errors.New("invalid character '<'"), &boundDoer{sent: true, status: 200})
	if errors.Is(err, bot.ErrRejected) || !retry {
		t.Errorf("after sending: classify = %v, retry %v; want a temporary error", err, retry)
	}
}
