package fakeapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"
)

// Call is one request the server received, whatever it answered.
type Call struct {
	Method string
	Token  string
	// Params holds every parameter as text, as sent in a form; a JSON body's
	// non-string values are kept as their JSON text.
	Params map[string]string
	// ReplyMarkup is params["reply_markup"] decoded, nil when absent.
	ReplyMarkup map[string]any
	Files       map[string]File // multipart uploads by field name
	Status      int             // HTTP status answered; 0 for a dropped connection
	MessageID   int             // the message_id answered for a sent or edited message
	Time        time.Time
}

// File is an uploaded file.
type File struct {
	Name string
	Data []byte
}

// ChatID returns the call's chat_id, or 0.
func (c Call) ChatID() string { return c.Params["chat_id"] }

// InlineButton is one button of an inline keyboard as sent.
type InlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

// InlineKeyboard returns the inline keyboard of reply_markup, nil if none.
func (c Call) InlineKeyboard() [][]InlineButton {
	var m struct {
		InlineKeyboard [][]InlineButton `json:"inline_keyboard"`
	}
	if json.Unmarshal([]byte(c.Params["reply_markup"]), &m) != nil {
		return nil
	}
	return m.InlineKeyboard
}

// Calls returns every call so far, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the calls of one method, oldest first.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsTo(method)
}

func (s *Server) callsTo(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Reset forgets the recorded calls and pending failures; sent messages,
// webhook and commands stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.failures = nil, nil
}

// Wait blocks until at least n calls of method ("" for any) were recorded,
// and returns them; or returns ctx's error.
func (s *Server) Wait(ctx context.Context, method string, n int) ([]Call, error) {
	for {
		s.mu.Lock()
		calls, changed := s.callsTo(method), s.changed
		s.mu.Unlock()
		if len(calls) >= n {
			return calls, nil
		}
		select {
		case <-ctx.Done():
			return calls, fmt.Errorf("fakeapi: %d of %d %q calls: %w", len(calls), n, method, ctx.Err())
		case <-changed:
		}
	}
}

// WaitTimeout bounds WaitFor. It is generous: it only turns a hang into a
// failure, and never asserts timing.
const WaitTimeout = 30 * time.Second

// WaitFor is Wait with WaitTimeout that fails the test on timeout. Call it
// from the test's goroutine only.
func (s *Server) WaitFor(method string, n int) []Call {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
	defer cancel()
	calls, err := s.Wait(ctx, method, n)
	if err != nil {
		s.t.Fatal(err)
	}
	return calls
}

// record stores a call and wakes the waiters.
func (s *Server) record(c Call, status int) {
	c.Status = status
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
}

// readParams reads a form, multipart or JSON body, as Bot API clients send.
func readParams(r *http.Request) (map[string]string, map[string]File, error) {
	params := map[string]string{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var body map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			return params, nil, fmt.Errorf("can't parse JSON body")
		}
		for k, v := range body {
			var s string
			if json.Unmarshal(v, &s) != nil {
				s = string(v)
			}
			params[k] = s
		}
		return params, nil, nil
	case "multipart/form-data":
		return readMultipart(r, params)
	}
	if err := r.ParseForm(); err != nil {
		return params, nil, fmt.Errorf("can't parse form body")
	}
	for k, v := range r.Form {
		params[k] = v[len(v)-1]
	}
	return params, nil, nil
}

func readMultipart(r *http.Request, params map[string]string) (map[string]string, map[string]File, error) {
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		return params, nil, fmt.Errorf("can't parse multipart body")
	}
	for k, v := range r.MultipartForm.Value {
		params[k] = v[len(v)-1]
	}
	files := map[string]File{}
	for field, headers := range r.MultipartForm.File {
		h := headers[len(headers)-1]
		f, err := h.Open()
		if err != nil {
			return params, nil, err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return params, nil, err
		}
		files[field] = File{Name: h.Filename, Data: data}
	}
	return params, files, nil
}

// decodeMarkup decodes a reply_markup parameter, nil when absent or invalid.
func decodeMarkup(s string) map[string]any {
	var m map[string]any
	if s == "" || json.Unmarshal([]byte(s), &m) != nil {
		return nil
	}
	return m
}
