package telegram

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/eidbot/eidbot/bot"
)

// The reply to almost every update is one sendMessage. tgbotapi builds each
// request through a map of parameters, reflection, url.Values and a fresh
// URL; sendMessage builds its form directly instead, with the fields
// tgbotapi's MessageConfig would send, and otherwise goes the same way:
// through Client.request (flood pauses, retries, error classification) and
// the bound HTTP client, decoding Telegram's answer as tgbotapi does.

// sendMessageForm encodes a sendMessage in HTML parse mode without link
// previews. kb is the reply_markup JSON, or nil.
func sendMessageForm(chatID int64, text string, kb []byte) []byte {
	body := make([]byte, 0, 96+escapedLen(text)+escapedLen(string(kb)))
	body = append(body, "chat_id="...)
	body = strconv.AppendInt(body, chatID, 10)
	body = append(body, "&disable_web_page_preview=true&parse_mode=HTML&text="...)
	body = appendQueryEscape(body, text)
	if kb != nil {
		body = append(body, "&reply_markup="...)
		body = appendQueryEscape(body, string(kb))
	}
	return body
}

// markupJSON encodes the keyboard of r (see replyMarkup) as
// json.Marshal does; nil when r has none. An inline keyboard, the common
// case, is written directly rather than through tgbotapi's types and
// reflection.
func markupJSON(r bot.Reply) ([]byte, error) {
	if len(r.Buttons) == 0 {
		m := replyMarkup(r)
		if m == nil {
			return nil, nil
		}
		return json.Marshal(m)
	}
	b := make([]byte, 0, 64*len(r.Buttons))
	b = append(b, `{"inline_keyboard":[`...)
	first := true
	for _, row := range r.Buttons {
		if len(row) == 0 {
			continue // as inlineKeyboard
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '[')
		for i, btn := range row {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"text":`...)
			b = appendJSONString(b, btn.Label)
			if btn.URL != "" {
				b = append(b, `,"url":`...)
				b = appendJSONString(b, btn.URL)
			} else {
				b = append(b, `,"callback_data":`...)
				b = appendJSONString(b, btn.Data)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, "]}"...), nil
}

// escapedLen is len(url.QueryEscape(s)).
func escapedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if b := s[i]; !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_' || b == '.' || b == '~' || b == ' ') {
			n += 2
		}
	}
	return n
}

// appendQueryEscape appends s escaped as url.QueryEscape escapes it.
func appendQueryEscape(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_' || b == '.' || b == '~':
			dst = append(dst, b)
		case b == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hex[b>>4], hex[b&15])
		}
	}
	return dst
}

// postForm sends a form to method on the bound api, as tgbotapi's
// MakeRequest does.
func (c *Client) postForm(api *tgbotapi.BotAPI, method string, body []byte) (*tgbotapi.APIResponse, error) {
	u := c.sendMessageURL
	if method != "sendMessage" || api.Token != c.token {
		u = fmt.Sprintf(c.endpoint, api.Token, method)
	}
	req, err := http.NewRequest("POST", u, bytes.NewReader(body))
	if err != nil {
		return &tgbotapi.APIResponse{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := api.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var apiResp tgbotapi.APIResponse
	data, err := io.ReadAll(resp.Body)
	if err == nil {
		err = json.Unmarshal(data, &apiResp)
	}
	if err != nil {
		return &apiResp, err
	}
	if !apiResp.Ok {
		var parameters tgbotapi.ResponseParameters
		if apiResp.Parameters != nil {
			parameters = *apiResp.Parameters
		}
		return &apiResp, &tgbotapi.Error{Code: apiResp.ErrorCode, Message: apiResp.Description, ResponseParameters: parameters}
	}
	return &apiResp, nil
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it (internal/ packages do not share code, so telegram and
// redisstore each have this copy, each tested against encoding/json): HTML-safe, invalid UTF-8 replaced, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
