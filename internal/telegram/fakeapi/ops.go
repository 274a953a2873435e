package fakeapi

import (
	"encoding/json"
	"regexp"
	"strconv"
)

// Webhook is the webhook configuration the fake holds.
type Webhook struct {
	URL            string
	Secret         string // secret_token; Telegram never reports it back
	AllowedUpdates []string
	MaxConnections int
}

// Command is an entry of a command menu.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

var (
	secretRE  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	commandRE = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
)

// Webhook returns the current webhook configuration.
func (s *Server) Webhook() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.webhook
	w.AllowedUpdates = append([]string(nil), w.AllowedUpdates...)
	return w
}

// Commands returns the default-scope command menu for lang ("" = default).
func (s *Server) Commands(lang string) []Command {
	s.mu.Lock()
	raw := s.commands[commandsKey("", lang)]
	s.mu.Unlock()
	var cmds []Command
	_ = json.Unmarshal([]byte(raw), &cmds)
	return cmds
}

func (s *Server) webhookMethod(c Call) answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.Method {
	case "getWebhookInfo":
		return ok(s.webhookInfo())
	case "deleteWebhook":
		s.webhook = Webhook{}
		return answer{status: 200, result: true, desc: "Webhook was deleted"}
	}
	w := Webhook{URL: c.Params["url"], Secret: c.Params["secret_token"], MaxConnections: 40}
	if w.Secret != "" && !secretRE.MatchString(w.Secret) {
		return badRequest("secret token contains unallowed characters")
	}
	if raw := c.Params["max_connections"]; raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 100 {
			return badRequest("bad webhook: max_connections must be 1-100")
		}
		w.MaxConnections = n
	}
	if raw := c.Params["allowed_updates"]; raw != "" {
		if json.Unmarshal([]byte(raw), &w.AllowedUpdates) != nil {
			return badRequest("can't parse allowed updates")
		}
	} else {
		w.AllowedUpdates = s.webhook.AllowedUpdates
	}
	s.webhook = w
	return answer{status: 200, result: true, desc: "Webhook was set"}
}

// webhookInfo renders getWebhookInfo's result; the caller holds s.mu.
func (s *Server) webhookInfo() map[string]any {
	info := map[string]any{"url": s.webhook.URL, "has_custom_certificate": false, "pending_update_count": 0}
	if s.webhook.URL != "" {
		info["max_connections"] = s.webhook.MaxConnections
		info["ip_address"] = "127.0.0.1"
		if s.webhook.AllowedUpdates != nil {
			info["allowed_updates"] = s.webhook.AllowedUpdates
		}
	}
	return info
}

func (s *Server) commandsMethod(c Call) answer {
	key := commandsKey(c.Params["scope"], c.Params["language_code"])
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.Method {
	case "getMyCommands":
		var cmds []Command
		_ = json.Unmarshal([]byte(s.commands[key]), &cmds)
		if cmds == nil {
			cmds = []Command{}
		}
		return ok(cmds)
	case "deleteMyCommands":
		delete(s.commands, key)
		return ok(true)
	}
	var cmds []Command
	if json.Unmarshal([]byte(c.Params["commands"]), &cmds) != nil {
		return badRequest("can't parse commands JSON object")
	}
	for _, cmd := range cmds {
		if !commandRE.MatchString(cmd.Command) {
			return badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf16Len(cmd.Description); n < 1 || n > 256 {
			return badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	canonical, _ := json.Marshal(cmds)
	s.commands[key] = string(canonical)
	return ok(true)
}

// commandsKey identifies a menu by scope (JSON, "" = default) and language.
func commandsKey(scope, lang string) string {
	if scope == "" || scope == `{"type":"default"}` {
		scope = "default"
	}
	return scope + "|" + lang
}
