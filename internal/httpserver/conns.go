package httpserver

import (
	"net"
	"sync"
	"sync/atomic"
)

// listener wraps the server's listener to know the connections that have
// not sent a byte yet. fasthttp counts a connection as active from the
// moment it starts waiting for the first request, so its Shutdown waits
// for such a connection — one a client opened ahead of need, as Telegram
// and browsers do — until the read timeout closes it (10 s). Shutdown
// closes those itself: no request is on them. Connections idle between
// requests fasthttp closes at once.
type listener struct {
	net.Listener
	closeOnce sync.Once
	closeErr  error

	mu      sync.Mutex
	conns   map[*conn]struct{}
	stopped bool
}

func newListener(ln net.Listener) *listener {
	return &listener{Listener: ln, conns: map[*conn]struct{}{}}
}

// Accept wraps each connection; one accepted while stopping is closed.
func (l *listener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	c := &conn{Conn: nc, ln: l}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		nc.Close()
		return nil, net.ErrClosed
	}
	l.conns[c] = struct{}{}
	return c, nil
}

// Close closes the listener once; fasthttp's Shutdown closes it again
// after stop did, and must not see an error then.
func (l *listener) Close() error {
	l.closeOnce.Do(func() { l.closeErr = l.Listener.Close() })
	return l.closeErr
}

// stop closes the listener and every connection that has not sent a byte.
func (l *listener) stop() {
	l.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	for c := range l.conns {
		if !c.used.Load() {
			c.Conn.Close()
		}
	}
}

// conn records whether its client has sent anything.
type conn struct {
	net.Conn
	ln   *listener
	used atomic.Bool
}

func (c *conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.used.Store(true)
	}
	return n, err
}

func (c *conn) Close() error {
	c.ln.mu.Lock()
	delete(c.ln.conns, c)
	c.ln.mu.Unlock()
	return c.Conn.Close()
}
