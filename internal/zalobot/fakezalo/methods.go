package fakezalo

import (
	"fmt"
	"net/http"
	"net/url"
	"unicode/utf16"
)

// Zalo's documented limits [O], as the fake enforces them.
const (
	maxTextLen   = 2000 // sendMessage text, in UTF-16 code units
	minSecretLen = 8    // setWebhook secret_token
	maxSecretLen = 256
)

// dispatch runs one method.
func (s *Server) dispatch(c *Call) answer {
	switch c.Method {
	case "getMe":
		return success(map[string]any{"id": DefaultBotID, "account_name": DefaultAccountName, "account_type": "BASIC", "can_join_groups": false})
	case "sendMessage":
		return s.sendMessage(c)
	case "sendChatAction":
		if _, ok := s.chatID(c); !ok {
			return refusal(http.StatusBadRequest, "Bad Request: chat_id must be a non-empty string")
		}
		return answer{ok: true}
	case "setWebhook", "getWebhookInfo", "deleteWebhook":
		return s.webhookMethod(c)
	}
	s.violate(*c, "unknown-method", c.Method)
	return refusal(http.StatusNotFound, "Not Found: method "+c.Method)
}

// chatID reads chat_id, which must be a non-empty JSON string; a number is
// a violation (Zalo's ids are strings).
func (s *Server) chatID(c *Call) (string, bool) {
	id, ok := c.Params["chat_id"].(string)
	if !ok || id == "" {
		s.violate(*c, "chat_id", fmt.Sprintf("chat_id is %T %v, want a non-empty string", c.Params["chat_id"], c.Params["chat_id"]))
		return "", false
	}
	return id, true
}

func (s *Server) sendMessage(c *Call) answer {
	chat, ok := s.chatID(c)
	if !ok {
		return refusal(http.StatusBadRequest, "Bad Request: chat_id must be a non-empty string")
	}
	text, ok := c.Params["text"].(string)
	if !ok {
		s.violate(*c, "text", "text is missing or not a string")
		return refusal(http.StatusBadRequest, "Bad Request: text must be a string")
	}
	if n := Length(text); n < 1 || n > maxTextLen {
		s.violate(*c, "text-length", fmt.Sprintf("text of %d characters, want 1-%d", n, maxTextLen))
		return refusal(http.StatusBadRequest, fmt.Sprintf("Bad Request: text must be 1-%d characters", maxTextLen))
	}
	now := s.now()
	s.mu.Lock()
	s.seq++
	id := messageID(s.seq)
	s.chats[chat] = append(s.chats[chat], text)
	s.mu.Unlock()
	c.MessageID = id
	return success(map[string]any{"message_id": id, "date": now.UnixMilli()})
}

// Length counts a text as Zalo does: in UTF-16 code units. It is written
// apart from bot/plaintext's count on purpose, so that the two can check
// each other.
func Length(text string) int { return len(utf16.Encode([]rune(text))) }

// messageID makes a Zalo-like message id: 20 hexadecimal digits.
func messageID(n uint64) string { return fmt.Sprintf("%020x", 0xa000000000000000|n) }

// Webhook is the webhook configuration the fake holds.
type Webhook struct {
	URL       string
	Secret    string // secret_token; Zalo never reports it back
	UpdatedAt int64  // unix milliseconds
}

// Webhook returns the current webhook configuration.
func (s *Server) Webhook() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

func (s *Server) webhookMethod(c *Call) answer {
	now := s.now().UnixMilli()
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.Method {
	case "getWebhookInfo":
		return success(map[string]any{"url": s.webhook.URL, "updated_at": s.webhook.UpdatedAt})
	case "deleteWebhook":
		s.webhook = Webhook{UpdatedAt: now}
		return success(map[string]any{"url": "", "updated_at": now})
	}
	hook, _ := c.Params["url"].(string)
	secret, _ := c.Params["secret_token"].(string)
	if u, err := url.Parse(hook); err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http" {
		s.violations = append(s.violations, Violation{Method: c.Method, Rule: "url", Detail: "url must be an absolute URL"})
		return refusal(http.StatusBadRequest, "Bad Request: invalid url")
	}
	if n := len([]rune(secret)); n < minSecretLen || n > maxSecretLen {
		s.violations = append(s.violations, Violation{Method: c.Method, Rule: "secret_token", Detail: fmt.Sprintf("secret_token of %d characters, want %d-%d", n, minSecretLen, maxSecretLen)})
		return refusal(http.StatusBadRequest, "Bad Request: invalid secret_token")
	}
	s.webhook = Webhook{URL: hook, Secret: secret, UpdatedAt: now}
	return success(map[string]any{"url": hook, "updated_at": now})
}
