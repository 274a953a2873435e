package fakeoa

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"unicode/utf16"

	"github.com/eidbot/eidbot/internal/zalooa"
)

// Error codes of the token endpoint. Zalo's v4 OAuth answers errors as
// {"error": <negative>, "error_name": …, "error_description": …}; the
// numbers are guesses. [U]
const (
	codeBadSecret  = -14002
	codeBadRefresh = -14014
	codeBadAppID   = -14003
)

// sendMessage is POST /v3.0/oa/message/cs.
func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, c Call) {
	params, bad := readJSON(r)
	c.Params = params
	if bad != "" {
		s.violate(c, bad, "the request is not a JSON POST")
		s.refuse(w, c, zalooa.CodeInvalidParam, "invalid request")
		return
	}
	if f, ok := s.takeFailure(c.Path, false); ok {
		s.fail(w, c, f)
		return
	}
	if !s.validAccess(c.AccessToken) {
		s.violate(c, "token", "missing, unknown or expired access token")
		s.refuse(w, c, zalooa.CodeTokenExpired, "Access token is invalid or expired")
		return
	}
	m, rule, detail := message(params)
	if rule != "" {
		s.violate(c, rule, detail)
		code := zalooa.CodeInvalidParam
		if rule == "text-length" {
			code = zalooa.CodeTooLong
		}
		s.refuse(w, c, code, detail)
		return
	}
	if !s.spend(m.UserID) {
		// The code of a reply beyond the window is [T]; see zalooa.
		s.violate(c, "window", "no reply left in the user's 48 h window")
		s.refuse(w, c, zalooa.CodeOutsideWindow, "User has not interacted with the OA in the allowed time")
		return
	}
	s.mu.Lock()
	m.ID, m.Time = s.token("msg"), s.now()
	s.sent[m.UserID] = append(s.sent[m.UserID], m)
	s.mu.Unlock()
	if f, ok := s.takeFailure(c.Path, true); ok { // sent, then the answer is lost
		s.fail(w, c, f)
		return
	}
	s.answer(w, c, http.StatusOK, map[string]any{"error": 0, "message": "Success",
		"data": map[string]any{"message_id": m.ID, "user_id": m.UserID}})
}

// message reads a customer-service message, or names the rule it breaks.
func message(p map[string]any) (Sent, string, string) {
	recipient, _ := p["recipient"].(map[string]any)
	user, ok := recipient["user_id"].(string)
	if !ok || user == "" {
		return Sent{}, "user_id", fmt.Sprintf("recipient.user_id is %T, want a non-empty string", recipient["user_id"])
	}
	msg, _ := p["message"].(map[string]any)
	text, ok := msg["text"].(string)
	if !ok {
		return Sent{}, "text", "message.text is missing or not a string"
	}
	if n := Length(text); n < 1 || n > zalooa.MessageLimit {
		return Sent{}, "text-length", fmt.Sprintf("text of %d characters, want 1-%d", n, zalooa.MessageLimit)
	}
	m := Sent{UserID: user, Text: text}
	m.ReplyTo, _ = recipient[zalooa.ReplyIDField].(string)
	att, _ := msg["attachment"].(map[string]any)
	payload, _ := att["payload"].(map[string]any)
	buttons, _ := payload["buttons"].([]any)
	if len(buttons) > zalooa.MaxButtons {
		return Sent{}, "buttons", fmt.Sprintf("%d buttons, want at most %d", len(buttons), zalooa.MaxButtons)
	}
	for _, b := range buttons {
		bm, _ := b.(map[string]any)
		title, _ := bm["title"].(string)
		m.Buttons = append(m.Buttons, title)
	}
	return m, "", ""
}

// Length counts a text as Zalo does: in UTF-16 code units. It is written
// apart from bot/plaintext's count on purpose, so the two check each other.
func Length(text string) int { return len(utf16.Encode([]rune(text))) }

// validAccess reports a known access token that has not expired.
func (s *Server) validAccess(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.access[tok]
	return ok && s.now().Before(exp)
}

// spend takes one reply from the user's window, if it has one left.
func (s *Server) spend(user string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	win, ok := s.windows[user]
	if !ok || !s.now().Before(win.opened.Add(zalooa.ReplyWindow)) || win.used >= zalooa.RepliesPerWindow {
		return false
	}
	win.used++
	s.windows[user] = win
	return true
}

// refreshToken is POST /v4/oa/access_token.
func (s *Server) refreshToken(w http.ResponseWriter, r *http.Request, c Call) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method != http.MethodPost || ct != "application/x-www-form-urlencoded" || r.ParseForm() != nil {
		s.violate(c, "content-type", "want a form POST")
		s.oauthError(w, c, codeBadRefresh, "invalid request")
		return
	}
	c.Params = map[string]any{}
	for k := range r.PostForm {
		c.Params[k] = r.PostForm.Get(k)
	}
	if f, ok := s.takeFailure(c.Path, false); ok {
		s.fail(w, c, f)
		return
	}
	switch {
	case r.Header.Get(zalooa.SecretKeyHeader) != AppSecret:
		s.violate(c, "secret_key", "wrong or missing secret_key header")
		s.oauthError(w, c, codeBadSecret, "Invalid secret key")
		return
	case r.PostForm.Get("app_id") != AppID || r.PostForm.Get("grant_type") != "refresh_token":
		s.violate(c, "app_id", "wrong app_id or grant_type")
		s.oauthError(w, c, codeBadAppID, "Invalid app_id or grant_type")
		return
	}
	access, refresh, rule := s.rotate(r.PostForm.Get("refresh_token"))
	if rule != "" {
		s.violate(c, rule, "refresh token refused")
		s.oauthError(w, c, codeBadRefresh, "Invalid refresh token")
		return
	}
	var expires any = fmt.Sprint(int(s.accessTTL.Seconds()))
	if s.expiresAsNumber {
		expires = int(s.accessTTL.Seconds())
	}
	body := map[string]any{"access_token": access, "refresh_token": refresh, "expires_in": expires}
	if f, ok := s.takeFailure(c.Path, true); ok { // processed, then the answer is lost
		s.fail(w, c, f)
		return
	}
	s.answer(w, c, http.StatusOK, body)
}

// rotate spends a refresh token on a new pair. Reusing a spent token
// revokes every token, as Zalo does [T]: the OA is locked out until an
// admin authorises it again.
func (s *Server) rotate(tok string) (access, refresh, rule string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	spent, known := s.refresh[tok]
	switch {
	case !known:
		return "", "", "refresh-unknown"
	case spent:
		for t := range s.refresh {
			s.refresh[t] = true
		}
		clear(s.access)
		return "", "", "refresh-reuse"
	}
	s.refresh[tok] = true
	access, refresh = s.token("at"), s.token("rt")
	s.access[access] = s.now().Add(s.accessTTL)
	s.refresh[refresh] = false
	s.refreshes++
	return access, refresh, ""
}

// oauthError answers as the token endpoint does.
func (s *Server) oauthError(w http.ResponseWriter, c Call, code int, name string) {
	s.answer(w, c, http.StatusOK, map[string]any{"error": code, "error_name": name, "error_description": name})
}

// readJSON reads a JSON POST, or names the rule it breaks.
func readJSON(r *http.Request) (map[string]any, string) {
	if r.Method != http.MethodPost {
		return nil, "method"
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return nil, "content-type"
	}
	var p map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(&p); err != nil || p == nil {
		return nil, "json"
	}
	return p, ""
}
