package httpserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/httpserver"
)

// TestHeadersTooLargeSaysSo: fasthttp refuses a request whose headers do
// not fit its buffer with 431; the answer names that, not "internal error".
// The request goes out in one write on a raw connection: the server
// answers and closes before it has read all of it, so a client that writes
// in pieces (net/http) can meet a reset on its next piece instead of the
// answer (CI saw that once).
func TestHeadersTooLargeSaysSo(t *testing.T) {
	f := start(t)
	addr := strings.TrimPrefix(f.url, "http://")
	req := "POST /telegram/webhook HTTP/1.1\r\nHost: " + addr + "\r\nX-Padding: " + strings.Repeat("a", 16<<10) +
		"\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || strings.Contains(string(body), "internal error") {
		t.Fatalf("headers too large: %d %q; want 431 without \"internal error\"", resp.StatusCode, body)
	}
}

// lines decodes the JSON log lines written so far.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	var out []map[string]any
	for line := range strings.Lines(b.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// TestDuplicateDeliveryLoggedAsInfo: a platform's retry of an update that
// is still being handled gets 503 (so it comes back) but is routine: INFO,
// not ERROR. A store outage stays an ERROR.
func TestDuplicateDeliveryLoggedAsInfo(t *testing.T) {
	var logs syncBuffer
	var result error
	srv := httpserver.New(httpserver.Config{
		Secret:  "s3cret-s3cret-s3cret",
		Decode:  func([]byte) (bot.Update, error) { return bot.Update{ID: "1", Kind: bot.UpdateText}, nil },
		Handler: handlerFunc(func(context.Context, bot.Update) error { return result }),
		Log:     slog.New(slog.NewJSONHandler(&logs, nil)),
	})
	url := listen(t, srv)
	post := func() int {
		req, _ := http.NewRequest(http.MethodPost, url+"/telegram/webhook", strings.NewReader("{}"))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret-s3cret-s3cret")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	result = bot.ErrBusy
	if code := post(); code != http.StatusServiceUnavailable {
		t.Fatalf("busy: %d", code)
	}
	result = bot.ErrUnavailable
	if code := post(); code != http.StatusServiceUnavailable {
		t.Fatalf("store down: %d", code)
	}
	lines := logs.lines(t)
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2: %v", len(lines), lines)
	}
	if lines[0]["level"] != "INFO" || lines[0]["duplicate"] != true {
		t.Errorf("a duplicate delivery was logged as %v", lines[0])
	}
	if lines[1]["level"] != "ERROR" {
		t.Errorf("a store outage was logged as %v", lines[1])
	}
}

// TestSecretCheckedBeforeBody: a webhook call with a wrong secret is
// answered 401 on its headers alone. The client here announces 2 MiB and
// sends 16 KiB (fasthttp reads up to 8 KiB ahead), then waits: a server
// that read the body before checking the secret would not answer (until
// its read timeout cut the connection, with 408). So a flood of large
// forged posts costs the server their headers, not their bodies. Chunked
// bodies are refused the same way.
func TestSecretCheckedBeforeBody(t *testing.T) {
	f := start(t)
	for _, framing := range []string{"Content-Length: 2097152", "Transfer-Encoding: chunked"} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(f.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		head := "POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n" +
			"X-Telegram-Bot-Api-Secret-Token: forged\r\n" + framing + "\r\n\r\n"
		part := strings.Repeat("x", 16<<10)
		if strings.HasPrefix(framing, "Transfer") {
			part = fmt.Sprintf("%x\r\n%s\r\n", len(part), part)
		}
		if _, err := io.WriteString(conn, head+part); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s, wrong secret, body not finished: no answer: %v", framing, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("%s, wrong secret: status %d, want 401", framing, resp.StatusCode)
		}
	}
	if f.decodes.Load() != 0 || f.handled.Load() != 0 {
		t.Fatal("a forged call was decoded or handled")
	}
}
