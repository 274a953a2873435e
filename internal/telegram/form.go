package telegram

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// The reply to almost every update is one sendMessage. tgbotapi builds each
// request through a map of parameters, reflection, url.Values and a fresh
// URL; sendMessage builds its form directly instead, with the fields
// tgbotapi's MessageConfig would send, and otherwise goes the same way:
// through Client.request (flood pauses, retries, error classification) and
// the bound HTTP client, decoding Telegram's answer as tgbotapi does.

// sendMessageForm encodes a sendMessage in HTML parse mode without link
// previews. markup is a tgbotapi keyboard or nil.
func sendMessageForm(chatID int64, text string, markup any) ([]byte, error) {
	var kb []byte
	if markup != nil {
		var err error
		if kb, err = json.Marshal(markup); err != nil {
			return nil, err
		}
	}
	body := make([]byte, 0, 96+escapedLen(text)+escapedLen(string(kb)))
	body = append(body, "chat_id="...)
	body = strconv.AppendInt(body, chatID, 10)
	body = append(body, "&disable_web_page_preview=true&parse_mode=HTML&text="...)
	body = appendQueryEscape(body, text)
	if kb != nil {
		body = append(body, "&reply_markup="...)
		body = appendQueryEscape(body, string(kb))
	}
	return body, nil
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
	req, err := http.NewRequest("POST", fmt.Sprintf(c.endpoint, api.Token, method), bytes.NewReader(body))
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
	if err := json.NewDecoder(resp.Body).Decode(&apiResp); err != nil {
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
