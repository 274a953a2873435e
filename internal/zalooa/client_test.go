package zalooa_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/zalooa"
	"github.com/eidbot/eidbot/internal/zalooa/fakeoa"
)

func TestConfigIsChecked(t *testing.T) {
	for name, cfg := range map[string]zalooa.Config{
		"no app id":       {SecretKey: "k", AppSecret: "s"},
		"no secret key":   {AppID: "1", AppSecret: "s"},
		"no app secret":   {AppID: "1", SecretKey: "k"},
		"bad API URL":     {AppID: "1", SecretKey: "k", AppSecret: "s", APIURL: "ftp://x"},
		"URL with query":  {AppID: "1", SecretKey: "k", AppSecret: "s", OAuthURL: "https://x/?a=1"},
		"negative quota":  {AppID: "1", SecretKey: "k", AppSecret: "s", BroadcastQuota: -1},
		"URL with a user": {AppID: "1", SecretKey: "k", AppSecret: "s", APIURL: "https://u:p@x"},
	} {
		if _, err := zalooa.New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
	if _, err := zalooa.New(zalooa.Config{AppID: "1", SecretKey: "k", AppSecret: "s"}); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

// access is the rig's current access token.
func (r *rig) access() string {
	r.t.Helper()
	tok, err := r.tokens.AccessToken(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	return tok
}

func TestSendMessage(t *testing.T) {
	r := newRig(t, nil)
	r.userWrites("84", "m1")
	id, err := r.client.SendMessage(context.Background(), r.access(), zalooa.Message{UserID: "84", Text: "Xin chào", ReplyTo: "m1"})
	if err != nil || id == "" {
		t.Fatalf("SendMessage = %q, %v", id, err)
	}
	sent := r.oa.Sent("84")
	if len(sent) != 1 || sent[0].Text != "Xin chào" || sent[0].ReplyTo != "m1" || sent[0].ID != id {
		t.Errorf("sent %+v", sent)
	}
	calls := r.oa.Calls(zalooa.SendPath)
	if c := calls[0]; c.AccessToken != r.access() {
		t.Errorf("access_token header %q", c.AccessToken)
	}
	if v := r.oa.Violations(); len(v) != 0 {
		t.Errorf("violations %v", v)
	}
}

func TestSendMessageRefusedWithoutACall(t *testing.T) {
	r := newRig(t, nil)
	for name, m := range map[string]zalooa.Message{
		"no user":    {Text: "x"},
		"user id {}": {UserID: "8}", Text: "x"},
		"empty text": {UserID: "84"},
		"blank text": {UserID: "84", Text: " \n"},
		"2001 chars": {UserID: "84", Text: strings.Repeat("a", 2001)},
		"1001 emoji": {UserID: "84", Text: strings.Repeat("😀", 1001)},
	} {
		if _, err := r.client.SendMessage(context.Background(), "tok", m); !errors.Is(err, bot.ErrRejected) {
			t.Errorf("%s: err %v, want ErrRejected", name, err)
		}
	}
	if n := len(r.oa.Calls(zalooa.SendPath)); n != 0 {
		t.Errorf("%d calls", n)
	}
	r.userWrites("84", "m")
	if _, err := r.client.SendMessage(context.Background(), r.access(), zalooa.Message{UserID: "84", Text: strings.Repeat("😀", 1000)}); err != nil {
		t.Errorf("1000 emoji (2000 units): %v", err)
	}
}

func TestErrorCodes(t *testing.T) {
	tests := []struct {
		code                        int
		rejected, window, blocked   bool
		expired, temporary, retried bool
	}{
		{zalooa.CodeTokenExpired, false, false, false, true, true, false},
		{zalooa.CodeInvalidParam, true, false, false, false, false, false},
		{zalooa.CodeInvalidMessage, true, false, false, false, false, false},
		{zalooa.CodeOutsideWindow, true, true, false, false, false, false},
		{zalooa.CodeNoInteraction, true, true, false, false, false, false},
		{zalooa.CodeOutOfQuota, true, true, false, false, false, false},
		{zalooa.CodeUserBlocked, false, false, true, false, false, false},
		{zalooa.CodeRateLimited, false, false, false, false, true, true},
		{-999, true, false, false, false, false, false},
	}
	for _, tt := range tests {
		r := newRig(t, nil)
		r.userWrites("84", "m")
		tok := r.access()
		r.oa.FailNext(zalooa.SendPath, 1, fakeoa.Refused(tt.code, "refused "+tok))
		_, err := r.client.SendMessage(context.Background(), tok, zalooa.Message{UserID: "84", Text: "x"})
		var apiErr *zalooa.APIError
		if tt.retried {
			if err != nil {
				t.Errorf("%d: a retried code failed: %v", tt.code, err)
			}
			if n := len(r.oa.Calls(zalooa.SendPath)); n != 2 {
				t.Errorf("%d: %d calls, want 2", tt.code, n)
			}
			continue
		}
		if !errors.As(err, &apiErr) || apiErr.Code != tt.code || apiErr.Temporary() != tt.temporary || apiErr.Unreachable() != tt.window {
			t.Errorf("%d: err %v", tt.code, err)
			continue
		}
		if errors.Is(err, bot.ErrRejected) != tt.rejected || errors.Is(err, zalooa.ErrOutsideWindow) != tt.window ||
			errors.Is(err, bot.ErrBlocked) != tt.blocked || errors.Is(err, zalooa.ErrTokenExpired) != tt.expired {
			t.Errorf("%d: err %v: rejected %v window %v blocked %v expired %v", tt.code, err, errors.Is(err, bot.ErrRejected),
				errors.Is(err, zalooa.ErrOutsideWindow), errors.Is(err, bot.ErrBlocked), errors.Is(err, zalooa.ErrTokenExpired))
		}
		if strings.Contains(err.Error(), tok) {
			t.Errorf("%d: the token is in the error: %v", tt.code, err)
		}
	}
}

func TestRetriesNetworkAndServerErrors(t *testing.T) {
	r := newRig(t, nil)
	r.userWrites("84", "m")
	r.oa.FailNext(zalooa.SendPath, 1, fakeoa.ServerError())
	r.oa.FailNext(zalooa.SendPath, 1, fakeoa.DropConnection())
	if _, err := r.client.SendMessage(context.Background(), r.access(), zalooa.Message{UserID: "84", Text: "x"}); err != nil {
		t.Fatalf("after a 502 and a drop: %v", err)
	}
	if n := len(r.oa.Calls(zalooa.SendPath)); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
	r.oa.FailNext(zalooa.SendPath, 3, fakeoa.ServerError())
	_, err := r.client.SendMessage(context.Background(), r.access(), zalooa.Message{UserID: "84", Text: "x"})
	var respErr *zalooa.ResponseError
	if !errors.As(err, &respErr) || errors.Is(err, bot.ErrRejected) {
		t.Errorf("after 3 failures: %v", err)
	}
}

func TestRefresh(t *testing.T) {
	for _, numeric := range []bool{false, true} {
		var opts []fakeoa.Option
		if numeric {
			opts = append(opts, fakeoa.WithExpiresInNumber())
		}
		oa := fakeoa.New(t, append(opts, fakeoa.WithAccessTTL(3600*time.Second))...)
		c, err := zalooa.New(oa.Config())
		if err != nil {
			t.Fatal(err)
		}
		rt := oa.IssueRefreshToken()
		g, err := c.Refresh(context.Background(), rt)
		if err != nil || g.AccessToken == "" || g.RefreshToken == "" || g.RefreshToken == rt || g.ExpiresIn != time.Hour {
			t.Fatalf("numeric %v: Refresh = %+v, %v", numeric, g, err)
		}
		call := oa.Calls(zalooa.RefreshPath)[0]
		if call.Params["app_id"] != fakeoa.AppID || call.Params["grant_type"] != "refresh_token" || call.Params["refresh_token"] != rt {
			t.Errorf("form %v", call.Params)
		}
		_, err = c.Refresh(context.Background(), rt) // spent: refused, and everything revoked
		if err == nil || strings.Contains(err.Error(), rt) || strings.Contains(err.Error(), fakeoa.AppSecret) {
			t.Errorf("reuse: err %v", err)
		}
		if _, err := c.Refresh(context.Background(), g.RefreshToken); err == nil {
			t.Error("the pair issued before a reuse still works: Zalo revokes it")
		}
	}
}

func TestRefreshIsNotRepeatedAfterALostAnswer(t *testing.T) {
	oa := fakeoa.New(t)
	c, err := zalooa.New(oa.Config())
	if err != nil {
		t.Fatal(err)
	}
	oa.FailNext(zalooa.RefreshPath, 1, fakeoa.LostAnswer())
	if _, err := c.Refresh(context.Background(), oa.IssueRefreshToken()); err == nil {
		t.Fatal("a lost answer succeeded")
	}
	if n := len(oa.Calls(zalooa.RefreshPath)); n != 1 {
		t.Errorf("%d refresh calls, want 1: a repeat would spend the token twice", n)
	}
	oa.FailNext(zalooa.RefreshPath, 1, fakeoa.ServerError())
	if _, err := c.Refresh(context.Background(), oa.IssueRefreshToken()); err == nil {
		t.Fatal("a 502 succeeded")
	}
	if n := len(oa.Calls(zalooa.RefreshPath)); n != 2 {
		t.Errorf("%d refresh calls, want 2", n)
	}
	for _, v := range oa.Violations() {
		if v.Rule == "refresh-reuse" {
			t.Errorf("violation %v", v)
		}
	}
}

// roundTrip is an http.RoundTripper made of a function.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A refresh is tried again only when the request never left: a dial that
// failed. Any other transport error may have spent the token.
func TestRefreshRetriesOnlyAFailedDial(t *testing.T) {
	for _, tt := range []struct {
		name  string
		err   error
		tries int
	}{
		{"dial refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, zalooa.DefaultAttempts},
		{"reset after sending", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset")}, 1},
		{"EOF", io.ErrUnexpectedEOF, 1},
	} {
		tries := 0
		hc := &http.Client{Transport: roundTrip(func(*http.Request) (*http.Response, error) { tries++; return nil, tt.err })}
		c, err := zalooa.New(zalooa.Config{AppID: "1", SecretKey: "k", AppSecret: "app-secret", HTTPClient: hc, Backoff: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Refresh(context.Background(), "secret-refresh-token")
		if err == nil || strings.Contains(err.Error(), "secret-refresh-token") || strings.Contains(err.Error(), "app-secret") {
			t.Errorf("%s: err %v", tt.name, err)
		}
		if tries != tt.tries {
			t.Errorf("%s: %d tries, want %d", tt.name, tries, tt.tries)
		}
	}
}

// With Zalo unreachable a send fails as temporary, not as a refusal, so
// the engine keeps the reply for a retry.
func TestOutageIsTemporary(t *testing.T) {
	r := newRig(t, nil)
	r.userWrites("84", "m")
	tok := r.access()
	r.oa.Close()
	_, err := r.client.SendMessage(context.Background(), tok, zalooa.Message{UserID: "84", Text: "x"})
	if err == nil || errors.Is(err, bot.ErrRejected) || errors.Is(err, bot.ErrBlocked) || strings.Contains(err.Error(), tok) {
		t.Errorf("err %v", err)
	}
}
