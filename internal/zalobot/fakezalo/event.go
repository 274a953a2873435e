package fakezalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Event names Zalo posts [O].
const (
	EventText        = "message.text.received"
	EventImage       = "message.image.received"
	EventSticker     = "message.sticker.received"
	EventUnsupported = "message.unsupported.received"
)

// Event is a webhook event to post, in the shape of Zalo's docs. Zero
// fields get defaults when posted: see Server.Complete.
type Event struct {
	Name      string // default EventText
	MessageID string // default a fresh 20-digit hexadecimal id
	ChatID    string
	ChatType  string // "PRIVATE" (default) or "GROUP"
	FromID    string // default ChatID
	FromName  string // sent as display_name
	Text      string // sent for text events only
	Date      time.Time
	Wrapped   bool // post inside {"ok":true,"result":{…}}, as some copies of the docs show
}

// TextEvent is a private text message from the user whose chat is chatID.
func TextEvent(chatID, text string) Event {
	return Event{Name: EventText, ChatID: chatID, Text: text}
}

// Complete fills in an event's defaults: a fresh message id, the sender,
// the chat type, the date.
func (s *Server) Complete(e Event) Event {
	if e.Name == "" {
		e.Name = EventText
	}
	if e.MessageID == "" {
		s.mu.Lock()
		s.seq++
		e.MessageID = messageID(s.seq)
		s.mu.Unlock()
	}
	if e.ChatType == "" {
		e.ChatType = "PRIVATE"
	}
	if e.FromID == "" {
		e.FromID = e.ChatID
	}
	if e.Date.IsZero() {
		e.Date = s.now()
	}
	return e
}

// Body is the event's JSON, as Zalo posts it.
func (e Event) Body() []byte {
	msg := map[string]any{
		"message_id": e.MessageID,
		"date":       e.Date.UnixMilli(),
		"from":       map[string]any{"id": e.FromID, "display_name": e.FromName},
		"chat":       map[string]any{"id": e.ChatID, "chat_type": e.ChatType},
	}
	if e.Name == EventText {
		msg["text"] = e.Text
	}
	var v any = map[string]any{"event_name": e.Name, "message": msg}
	if e.Wrapped {
		v = map[string]any{"ok": true, "result": v}
	}
	b, _ := json.Marshal(v)
	return b
}

// Deliver posts an event to the webhook set with setWebhook, with its
// secret, as Zalo does, and returns the HTTP status the bot answered.
func (s *Server) Deliver(ctx context.Context, e Event) (int, error) {
	hook := s.Webhook()
	if hook.URL == "" {
		return 0, errors.New("fakezalo: no webhook set")
	}
	return s.Post(ctx, hook.URL, hook.Secret, s.Complete(e).Body())
}

// PostEvent posts an event to url with secret in the secret header, e.g.
// a wrong one; see Post.
func (s *Server) PostEvent(ctx context.Context, url, secret string, e Event) (int, error) {
	return s.Post(ctx, url, secret, s.Complete(e).Body())
}

// Post posts a raw body to url as Zalo posts events: JSON, with secret in
// the X-Bot-Api-Secret-Token header ("" sends no header). It returns the
// HTTP status the bot answered; the answer's body is read and dropped.
func (s *Server) Post(ctx context.Context, url, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("fakezalo: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Bot-Api-Secret-Token", secret)
	}
	resp, err := s.poster.Do(req)
	if err != nil {
		return 0, fmt.Errorf("fakezalo: posting an event: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
