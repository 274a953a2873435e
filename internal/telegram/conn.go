package telegram

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// directTransport is a small HTTP/1.1 client for the Bot API: every request
// runs in its caller's goroutine on a kept-alive connection, where net/http
// hands each one to a writer and a reader goroutine per connection. At the
// webhook's rate that hand-off, not the network, was most of the cost of
// sending a reply (docs/BENCHMARKS.md).
//
// It serves only what the Bot API client needs: requests with a body of
// known length (form posts) to an http or https URL reached without a
// proxy. The Client sends everything else (uploads, whose body is streamed;
// any request when HTTP_PROXY/HTTPS_PROXY applies) through net/http.
//
// The caller's context bounds the request: its deadline becomes the
// connection's, and cancelling it interrupts the request at once.
// Responses are read whole (Telegram's answers are small) and parsed by
// net/http's own http.ReadResponse.
type directTransport struct {
	timeout time.Duration
	dialer  net.Dialer
	tls     *tls.Config

	mu      sync.Mutex
	idle    map[string][]*directConn // by scheme://host
	maxIdle int                      // per host
}

// idleLimit drops a kept-alive connection unused this long: servers close
// idle connections after a minute or so, and a request written into a
// connection the server just closed fails.
const idleLimit = 45 * time.Second

// peekAfter is how long a connection must have been idle before get checks
// that the server has not closed it (a system call). A server that closes
// a busy connection says so in its last response (Connection: close), and
// the rare request that still meets a just-closed connection fails with a
// transport error, which Client.request retries.
const peekAfter = time.Second

// maxResponse bounds the body read from one response.
const maxResponse = 32 << 20

type directConn struct {
	net.Conn
	tcp  net.Conn // under TLS, the TCP connection, for the liveness check
	br   *bufio.Reader
	bw   *bufio.Writer
	used time.Time // when it went idle
}

func newDirectTransport(timeout time.Duration) *directTransport {
	return &directTransport{
		timeout: timeout,
		dialer:  net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second},
		tls:     &tls.Config{MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}},
		idle:    make(map[string][]*directConn),
		maxIdle: 128,
	}
}

// handles reports whether do can send req.
func (t *directTransport) handles(req *http.Request) bool {
	return (req.URL.Scheme == "http" || req.URL.Scheme == "https") &&
		(req.Body == nil || req.Body == http.NoBody || req.GetBody != nil && req.ContentLength >= 0)
}

// do sends req and returns the response with its body read whole. Errors
// never quote the URL (it carries the token).
func (t *directTransport) do(ctx context.Context, req *http.Request) (*http.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(t.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	key := req.URL.Scheme + "://" + req.URL.Host
	c, err := t.get(ctx, key, req.URL, deadline)
	if err != nil {
		return nil, t.ctxErr(ctx, err)
	}
	c.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Unix(1, 0)) })
	resp, body, err := roundTrip(c, req)
	if !stop() || err != nil || resp.Close || req.Close {
		c.Close()
		if err != nil {
			return nil, t.ctxErr(ctx, err)
		}
	} else {
		t.put(key, c)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// ctxErr prefers the context's error to the i/o timeout it caused. The
// connection's deadline may pass a moment before the context's timer marks
// the context done.
func (t *directTransport) ctxErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return err
}

// roundTrip writes req on c and reads the response whole.
func roundTrip(c *directConn, req *http.Request) (*http.Response, []byte, error) {
	if err := writeRequest(c.bw, req); err != nil {
		return nil, nil, err
	}
	resp, err := http.ReadResponse(c.br, req)
	if err != nil {
		return nil, nil, err
	}
	var body []byte
	if n := resp.ContentLength; n >= 0 && n <= maxResponse {
		body = make([]byte, n)
		_, err = io.ReadFull(resp.Body, body)
	} else {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	}
	resp.Body.Close()
	if err != nil {
		return nil, nil, err
	}
	return resp, body, nil
}

// writeRequest writes req as HTTP/1.1 and flushes it.
func writeRequest(w *bufio.Writer, req *http.Request) error {
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	w.WriteString(req.Method)
	w.WriteByte(' ')
	w.WriteString(req.URL.RequestURI())
	w.WriteString(" HTTP/1.1\r\nHost: ")
	w.WriteString(host)
	w.WriteString("\r\nUser-Agent: eidbot\r\n")
	for k, vs := range req.Header {
		for _, v := range vs {
			w.WriteString(k)
			w.WriteString(": ")
			w.WriteString(v)
			w.WriteString("\r\n")
		}
	}
	var body io.ReadCloser
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		if body, err = req.GetBody(); err != nil {
			return err
		}
		defer body.Close()
	}
	if body != nil || req.Method == http.MethodPost {
		w.WriteString("Content-Length: ")
		w.WriteString(strconv.FormatInt(req.ContentLength, 10))
		w.WriteString("\r\n")
	}
	w.WriteString("\r\n")
	if body != nil {
		n, err := io.Copy(w, body)
		if err != nil {
			return err
		}
		if n != req.ContentLength {
			return fmt.Errorf("request body: %d bytes, declared %d", n, req.ContentLength)
		}
	}
	return w.Flush()
}

// get returns a live idle connection to the URL's host, or dials one.
func (t *directTransport) get(ctx context.Context, key string, u interface{ Hostname() string }, deadline time.Time) (*directConn, error) {
	now := time.Now()
	t.mu.Lock()
	for {
		list := t.idle[key]
		if len(list) == 0 {
			break
		}
		c := list[len(list)-1]
		list[len(list)-1] = nil
		t.idle[key] = list[:len(list)-1]
		idle := now.Sub(c.used)
		if idle < idleLimit && c.br.Buffered() == 0 && (idle < peekAfter || alive(c.tcp)) {
			t.mu.Unlock()
			return c, nil
		}
		c.Close()
	}
	t.mu.Unlock()
	return t.dial(ctx, key, u.Hostname(), deadline)
}

// put keeps c for the next request to key. get takes the most recently used
// connection, so put also closes those at the bottom of the stack that sat
// idle past idleLimit.
func (t *directTransport) put(key string, c *directConn) {
	c.SetDeadline(time.Time{})
	c.used = time.Now()
	var stale []*directConn
	t.mu.Lock()
	list := t.idle[key]
	n := 0
	for n < len(list) && c.used.Sub(list[n].used) >= idleLimit {
		n++
	}
	if n > 0 {
		stale = append(stale, list[:n]...)
		list = append(list[:0], list[n:]...)
		clear(list[len(list):cap(list)][:n])
	}
	if len(list) < t.maxIdle {
		list = append(list, c)
		c = nil
	}
	t.idle[key] = list
	t.mu.Unlock()
	if c != nil {
		c.Close()
	}
	for _, s := range stale {
		s.Close()
	}
}

// dial connects to key ("http://host:port" or "https://host"), with TLS for
// https.
func (t *directTransport) dial(ctx context.Context, key, hostname string, deadline time.Time) (*directConn, error) {
	scheme, addr, _ := cutScheme(key)
	if _, _, err := net.SplitHostPort(addr); err != nil {
		if scheme == "https" {
			addr = net.JoinHostPort(addr, "443")
		} else {
			addr = net.JoinHostPort(addr, "80")
		}
	}
	dctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	raw, err := t.dialer.DialContext(dctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	conn := raw
	if scheme == "https" {
		cfg := t.tls.Clone()
		cfg.ServerName = hostname
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			raw.Close()
			return nil, err
		}
		conn = tc
	}
	return &directConn{Conn: conn, tcp: raw, br: bufio.NewReaderSize(conn, 4096), bw: bufio.NewWriterSize(conn, 4096)}, nil
}

func cutScheme(key string) (scheme, rest string, ok bool) {
	for i := 0; i+2 < len(key); i++ {
		if key[i:i+3] == "://" {
			return key[:i], key[i+3:], true
		}
	}
	return "", key, false
}

// Close drops the idle connections.
func (t *directTransport) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, list := range t.idle {
		for _, c := range list {
			c.Close()
		}
		delete(t.idle, k)
	}
}
