package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync/atomic"
	"time"
)

const stubToken = "1:eidload-stub-token"

// stubAPI stands in for the Bot API. It speaks just enough HTTP/1.1 (keep-
// alive, Content-Length bodies) to answer every method with success, using
// as little CPU as it can: Telegram's servers do not run on the benchmark
// machine, so their share of the CPU should be as small as possible.
type stubAPI struct {
	URL  string
	ln   net.Listener
	sent atomic.Int64 // replies the bot sent (every method but getMe)
	ids  atomic.Int64
}

func startStub() (*stubAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &stubAPI{URL: "http://" + ln.Addr().String(), ln: ln}
	go s.accept()
	return s, nil
}

func (s *stubAPI) Close() error { return s.ln.Close() }

func (s *stubAPI) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.serve(c)
	}
}

var (
	getMe = []byte(`{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"eidload","username":"eidload_bot"}}`)
	crlf  = []byte("\r\n")
)

// serve answers the requests of one keep-alive connection.
func (s *stubAPI) serve(c net.Conn) {
	defer c.Close()
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return
		}
		isGetMe := bytes.Contains(line, []byte("/getMe"))
		n, err := contentLength(r)
		if err != nil {
			return
		}
		if _, err := r.Discard(n); err != nil {
			return
		}
		body := getMe
		if !isGetMe {
			s.sent.Add(1)
			body = fmt.Appendf(nil, `{"ok":true,"result":{"message_id":%d,"date":%d,"chat":{"id":1,"type":"private"}}}`,
				s.ids.Add(1), time.Now().Unix())
		}
		fmt.Fprintf(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
		w.Write(body)
		if w.Flush() != nil {
			return
		}
	}
}

// contentLength reads the header lines and returns the body length.
func contentLength(r *bufio.Reader) (int, error) {
	n := 0
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if bytes.Equal(line, crlf) {
			return n, nil
		}
		if k, v, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(k, []byte("Content-Length")) {
			if n, err = strconv.Atoi(string(bytes.TrimSpace(v))); err != nil {
				return 0, io.ErrUnexpectedEOF
			}
		}
	}
}
