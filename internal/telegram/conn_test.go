package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func postForm(t *testing.T, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Requests reuse one connection, carry their form, and get their answers,
// whether the server sends a length or chunks.
func TestDirectTransportKeepsAlive(t *testing.T) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.Method != "POST" {
			http.Error(w, "bad", 400)
			return
		}
		if r.URL.Query().Get("chunked") != "" {
			w.Write([]byte(`{"ok":true,`))
			w.(http.Flusher).Flush()
		} else {
			w.Header().Set("Content-Length", fmt.Sprint(len(`{"ok":true,`)+len(`"text":"`+r.PostForm.Get("text")+`"}`)))
			w.Write([]byte(`{"ok":true,`))
		}
		w.Write([]byte(`"text":"` + r.PostForm.Get("text") + `"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	tr := newDirectTransport(5 * time.Second)
	defer tr.Close()
	for i, q := range []string{"", "?chunked=1", "", "?chunked=1"} {
		resp, err := tr.do(context.Background(), postForm(t, srv.URL+"/bot1:x/sendMessage"+q, "text=hi"+fmt.Sprint(i)))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := readAll(t, resp), fmt.Sprintf(`{"ok":true,"text":"hi%d"}`, i); resp.StatusCode != 200 || got != want {
			t.Fatalf("request %d: %d %q, want %q", i, resp.StatusCode, got, want)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections, want 1 kept alive", n)
	}
}

// A connection the server closed while idle is not used again.
func TestDirectTransportDropsClosedConnections(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	tr := newDirectTransport(5 * time.Second)
	defer tr.Close()
	for i := range 3 {
		if _, err := tr.do(context.Background(), postForm(t, srv.URL+"/x", "a=1")); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		srv.CloseClientConnections()
		tr.ageIdle(peekAfter) // as if idle long enough to be checked
	}
}

// Cancelling the context interrupts a request the server does not answer,
// and so does its deadline; the error is the context's.
func TestDirectTransportCancel(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	tr := newDirectTransport(time.Minute)
	defer tr.Close()

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := tr.do(ctx, postForm(t, srv.URL+"/x", "a=1")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := tr.do(ctx, postForm(t, srv.URL+"/x", "a=1")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("deadline: err %v", err)
	}
}

// The transport's own timeout bounds a request without a deadline.
func TestDirectTransportTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	tr := newDirectTransport(50 * time.Millisecond)
	defer tr.Close()
	_, err := tr.do(context.Background(), postForm(t, srv.URL+"/x", "a=1"))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err %v, want a timeout", err)
	}
}

// https: TLS with the server's name, keep-alive as over plain TCP.
func TestDirectTransportTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"ok":true,"proto":"`+r.Proto+`"}`)
	}))
	defer srv.Close()
	tr := newDirectTransport(5 * time.Second)
	defer tr.Close()
	tr.tls.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	for range 2 {
		resp, err := tr.do(context.Background(), postForm(t, srv.URL+"/x", "a=1"))
		if err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, resp); got != `{"ok":true,"proto":"HTTP/1.1"}` {
			t.Fatalf("got %q", got)
		}
	}
}

// Uploads (streamed bodies) are not for the direct transport; a proxy in
// the environment sends everything through net/http.
func TestDirectTransportScope(t *testing.T) {
	tr := newDirectTransport(time.Second)
	pr, pw := io.Pipe()
	defer pw.Close()
	up, _ := http.NewRequest("POST", "http://127.0.0.1:1/x", pr)
	if tr.handles(up) {
		t.Error("handles a streamed upload")
	}
	if !tr.handles(postForm(t, "https://api.telegram.org/bot1:x/sendMessage", "a=1")) {
		t.Error("does not handle a form post")
	}
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
	if !proxied("https://api.telegram.org") {
		t.Error("HTTPS_PROXY not honoured")
	}
}

// ageIdle makes the idle connections look unused for d longer.
func (t *directTransport) ageIdle(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, list := range t.idle {
		for _, c := range list {
			c.used = c.used.Add(-d)
		}
	}
}

// Connections idle past idleLimit are closed when another one is put back,
// not left open at the bottom of the idle stack.
func TestDirectTransportPrunesStaleIdle(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"ok":true}`) }))
	defer srv.Close()
	tr := newDirectTransport(5 * time.Second)
	defer tr.Close()
	release := make(chan struct{})
	started := make(chan struct{})
	// Two connections at once, so that two sit idle afterwards.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-release
		io.WriteString(w, `{"ok":true}`)
	}))
	defer slow.Close()
	done := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := tr.do(context.Background(), postForm(t, slow.URL+"/x", "a=1"))
			done <- err
		}()
	}
	<-started
	<-started
	close(release)
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	key := "http://" + strings.TrimPrefix(slow.URL, "http://")
	if n := len(tr.idle[key]); n != 2 {
		t.Fatalf("%d idle connections, want 2", n)
	}
	tr.ageIdle(idleLimit)
	c, err := tr.dial(context.Background(), key, "127.0.0.1", time.Now().Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	tr.put(key, c) // closes the two stale ones below it
	tr.mu.Lock()
	n := len(tr.idle[key])
	tr.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d idle connections after put, want 1", n)
	}
}
