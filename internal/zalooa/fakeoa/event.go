package fakeoa

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/eidbot/eidbot/internal/zalooa"
)

// Event is a webhook event to post, in the shape third-party code shows
// [T]. Zero fields get defaults: see Complete.
type Event struct {
	Name      string // e.g. zalooa.EventUserSendText
	UserID    string // the sender, or the follower of a follow/unfollow
	Text      string // for user_send_text and oa_send_text
	MsgID     string // default a fresh id for messages
	Time      time.Time
	NumericTS bool // send the timestamp as a JSON number, not a string
}

// Text is the user's text message.
func Text(user, text string) Event {
	return Event{Name: zalooa.EventUserSendText, UserID: user, Text: text}
}

// Follow is the user following the OA.
func Follow(user string) Event { return Event{Name: zalooa.EventFollow, UserID: user} }

// Unfollow is the user leaving the OA.
func Unfollow(user string) Event { return Event{Name: zalooa.EventUnfollow, UserID: user} }

// Image is the user sending a picture, which the bot cannot read.
func Image(user string) Event { return Event{Name: "user_send_image", UserID: user} }

// Echo is Zalo's copy of a message the OA sent.
func Echo(user, text string) Event {
	return Event{Name: zalooa.EventOASendText, UserID: user, Text: text}
}

// Complete fills in defaults: a message id for messages, the time.
func (s *Server) Complete(e Event) Event {
	if e.Time.IsZero() {
		e.Time = s.now()
	}
	if e.MsgID == "" && e.Name != zalooa.EventFollow && e.Name != zalooa.EventUnfollow {
		s.mu.Lock()
		e.MsgID = s.token("m")
		s.mu.Unlock()
	}
	return e
}

// Body is the event's JSON. A user's message (or a follow, see
// zalooa.FollowOpensWindow) opens the user's reply window at the fake, as
// Zalo's own record would, whether or not the bot ever receives it.
func (s *Server) Body(e Event) []byte {
	e = s.Complete(e)
	var ts any = strconv.FormatInt(e.Time.UnixMilli(), 10)
	if e.NumericTS {
		ts = json.Number(ts.(string))
	}
	v := map[string]any{"app_id": AppID, "oa_id": OAID, "user_id_by_app": "9" + e.UserID, "event_name": e.Name, "timestamp": ts}
	switch {
	case e.Name == zalooa.EventFollow || e.Name == zalooa.EventUnfollow:
		v["follower"] = map[string]any{"id": e.UserID}
		v["source"] = "testing"
	case strings.HasPrefix(e.Name, "oa_send_"):
		v["sender"] = map[string]any{"id": OAID}
		v["recipient"] = map[string]any{"id": e.UserID}
		v["message"] = map[string]any{"msg_id": e.MsgID, "text": e.Text}
	default:
		v["sender"] = map[string]any{"id": e.UserID}
		v["recipient"] = map[string]any{"id": OAID}
		msg := map[string]any{"msg_id": e.MsgID}
		if e.Name == zalooa.EventUserSendText {
			msg["text"] = e.Text
		}
		v["message"] = msg
	}
	if strings.HasPrefix(e.Name, "user_send_") || e.Name == zalooa.EventFollow && zalooa.FollowOpensWindow {
		s.OpenWindow(e.UserID, e.Time)
	}
	b, _ := json.Marshal(v)
	return b
}

// OpenWindow records that the user interacted at t: a fresh reply window.
func (s *Server) OpenWindow(user string, t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.windows[user]; !ok || t.After(w.opened) {
		s.windows[user] = window{opened: t}
	}
}

// Signature is the X-ZEvent-Signature Zalo sends with body:
// "mac=" + hex(SHA-256(app id + body + timestamp + OA secret key)) [T].
func Signature(body []byte) string {
	var top struct {
		Timestamp json.RawMessage `json:"timestamp"`
	}
	_ = json.Unmarshal(body, &top)
	ts := strings.Trim(string(top.Timestamp), `"`)
	mac := zalooa.Sign(AppID, body, ts, SecretKey)
	return "mac=" + hex.EncodeToString(mac[:])
}

// Deliver posts the event to url, signed, and returns the HTTP status.
func (s *Server) Deliver(ctx context.Context, url string, e Event) (int, error) {
	body := s.Body(e)
	return s.Post(ctx, url, Signature(body), body)
}

// DeliverForged posts the event with a signature made with the wrong
// secret key, as an attacker would.
func (s *Server) DeliverForged(ctx context.Context, url string, e Event) (int, error) {
	e = s.Complete(e)
	body := s.Body(e)
	mac := zalooa.Sign(AppID, body, strconv.FormatInt(e.Time.UnixMilli(), 10), "not-the-secret")
	return s.Post(ctx, url, "mac="+hex.EncodeToString(mac[:]), body)
}

// Post posts a raw body to url as Zalo posts events: JSON, with signature
// in the X-ZEvent-Signature header ("" sends none).
func (s *Server) Post(ctx context.Context, url, signature string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("fakeoa: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set(zalooa.SignatureHeader, signature)
	}
	resp, err := s.poster.Do(req)
	if err != nil {
		return 0, fmt.Errorf("fakeoa: posting an event: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
