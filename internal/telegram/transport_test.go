package telegram

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

const getMeOK = `{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"b","username":"b"}}`

// botAPI is a minimal Bot API for transport tests: getMe succeeds, every
// other method goes to send (nil: a message).
func botAPI(send http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/getMe") {
			io.WriteString(w, getMeOK)
			return
		}
		if send != nil {
			send(w, r)
			return
		}
		io.WriteString(w, `{"ok":true,"result":{"message_id":41,"chat":{"id":5,"type":"private"},"date":1}}`)
	}
}

func hi(chat int64) bot.Reply {
	return bot.Reply{Kind: bot.ReplyText, Chat: privateChat(chat), Text: "hi"}
}

// The default HTTP client keeps enough connections alive for the webhook's
// concurrency: waves of concurrent replies reuse them instead of dialing
// (net/http's default pool of 2 per host would dial ~60 per wave).
func TestKeepAlivePoolServesConcurrentReplies(t *testing.T) {
	const conc, waves = 64, 4
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(botAPI(nil))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for range waves {
		var wg sync.WaitGroup
		errs := make(chan error, conc)
		for i := range conc {
			wg.Go(func() {
				if _, err := c.Send(context.Background(), hi(int64(i+1))); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	// Each wave needs at most conc connections, and slack for replies that
	// ask for one a moment before another is put back (a loaded machine
	// widens that moment); without the pool it takes about conc per wave.
	if n := conns.Load(); n >= 2*conc {
		t.Errorf("%d connections for %d waves of %d concurrent replies, want about %d", n, waves, conc, conc)
	}
}

// A connection the server closed while idle does not fail the next reply.
func TestClosedIdleConnectionsAreNotAFailure(t *testing.T) {
	srv := httptest.NewServer(botAPI(nil))
	defer srv.Close()
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		srv.CloseClientConnections()
		if _, err := c.Send(context.Background(), hi(5)); err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
	}
}

// stuckAPI answers getMe and never answers anything else until the test
// ends; calls counts the stuck requests.
func stuckAPI(t *testing.T) (srv *httptest.Server, calls *atomic.Int64) {
	calls = new(atomic.Int64)
	release := make(chan struct{})
	srv = httptest.NewServer(botAPI(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	return srv, calls
}

// Cancelling the context interrupts a request Telegram does not answer,
// and so does its deadline; the error is the context's, and the request is
// not retried.
func TestContextInterruptsRequest(t *testing.T) {
	srv, calls := stuckAPI(t)
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, Sleep: (&recorder{}).sleep})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	if _, err := c.Send(ctx, hi(5)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Send(ctx, hi(5)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("deadline: err %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (no retry once the context is done)", n)
	}
}

// Config.Timeout bounds each attempt of a request without a deadline; a
// timed-out attempt is temporary, so it is retried, then given up.
func TestTimeoutBoundsEachAttempt(t *testing.T) {
	srv, calls := stuckAPI(t)
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, Timeout: 50 * time.Millisecond, Sleep: (&recorder{}).sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Send(context.Background(), hi(5))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || errors.Is(err, bot.ErrRejected) || errors.Is(err, bot.ErrBlocked) {
		t.Fatalf("err %v, want a temporary timeout", err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
}

// Over TLS the client speaks HTTP/2 where the server offers it, as
// net/http's default transport would (setting a transport's own TLS or
// dial options turns that off unless ForceAttemptHTTP2 is set).
func TestHTTPClientUsesHTTP2OverTLS(t *testing.T) {
	var protos sync.Map
	srv := httptest.NewUnstartedServer(botAPI(nil))
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		protos.Store(r.Proto, true)
		botAPI(nil)(w, r)
	})
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	hc := NewHTTPClient(5 * time.Second)
	hc.Transport.(*http.Transport).TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	c, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(context.Background(), hi(5)); err != nil {
		t.Fatal(err)
	}
	var seen []string
	protos.Range(func(k, _ any) bool { seen = append(seen, k.(string)); return true })
	if len(seen) != 1 || seen[0] != "HTTP/2.0" {
		t.Errorf("protocols %v, want HTTP/2.0", seen)
	}
}

// HTTP_PROXY (and HTTPS_PROXY, NO_PROXY) in the environment send the Bot
// API calls through that proxy. net/http reads the environment once per
// process, so the client runs in a child process of the test binary.
func TestProxyFromEnvironment(t *testing.T) {
	if os.Getenv("EIDBOT_PROXY_CHILD") != "" {
		c, err := New(context.Background(), Config{Token: testToken, APIURL: "http://api.telegram.invalid"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Send(context.Background(), hi(5)); err != nil {
			t.Fatal(err)
		}
		return
	}
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Host+r.URL.Path)
		mu.Unlock()
		botAPI(nil)(w, r)
	}))
	defer proxy.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromEnvironment$", "-test.count=1")
	cmd.Env = append(os.Environ(), "EIDBOT_PROXY_CHILD=1", "HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"api.telegram.invalid/bot" + testToken + "/getMe", "api.telegram.invalid/bot" + testToken + "/sendMessage"}
	if strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Errorf("the proxy saw %v, want %v", seen, want)
	}
}
