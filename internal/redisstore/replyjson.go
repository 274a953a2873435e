package redisstore

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/eidbot/eidbot/bot"
)

// appendReply appends r as JSON, byte for byte as json.Marshal encodes it
// (the outbox is read back with json.Unmarshal). Every update commits its
// replies, and reflection was a good part of the commit's cost; replies
// with a venue or a document, rare, still go through json.Marshal.
//
// TestReplyJSONKnowsEveryField fails when bot.Reply gains a field, so that
// this encoder cannot silently drop it.
func appendReply(dst []byte, r *bot.Reply) ([]byte, error) {
	if r.Venue != nil || r.Document != nil {
		b, err := json.Marshal(r)
		return append(dst, b...), err
	}
	dst = append(dst, `{"Kind":`...)
	dst = appendJSONString(dst, string(r.Kind))
	dst = append(dst, `,"Chat":{"Channel":`...)
	dst = appendJSONString(dst, r.Chat.Channel)
	dst = append(dst, `,"ID":`...)
	dst = appendJSONString(dst, r.Chat.ID)
	dst = append(dst, `,"Kind":`...)
	dst = appendJSONString(dst, string(r.Chat.Kind))
	dst = append(dst, `},"Text":`...)
	dst = appendJSONString(dst, r.Text)
	dst = append(dst, `,"Buttons":`...)
	if r.Buttons == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i, row := range r.Buttons {
			if i > 0 {
				dst = append(dst, ',')
			}
			if row == nil {
				dst = append(dst, "null"...)
				continue
			}
			dst = append(dst, '[')
			for j, b := range row {
				if j > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, `{"Label":`...)
				dst = appendJSONString(dst, b.Label)
				if b.Data != "" {
					dst = append(dst, `,"Data":`...)
					dst = appendJSONString(dst, b.Data)
				}
				if b.URL != "" {
					dst = append(dst, `,"URL":`...)
					dst = appendJSONString(dst, b.URL)
				}
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, ']')
	}
	if r.AskContact != "" {
		dst = append(dst, `,"AskContact":`...)
		dst = appendJSONString(dst, r.AskContact)
	}
	if len(r.Keyboard) > 0 {
		dst = append(dst, `,"Keyboard":[`...)
		for i, k := range r.Keyboard {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, k)
		}
		dst = append(dst, ']')
	}
	if r.RemoveKeyboard {
		dst = append(dst, `,"RemoveKeyboard":true`...)
	}
	if r.EditID != 0 {
		dst = append(dst, `,"EditID":`...)
		dst = strconv.AppendInt(dst, int64(r.EditID), 10)
	}
	if r.CallbackID != "" {
		dst = append(dst, `,"CallbackID":`...)
		dst = appendJSONString(dst, r.CallbackID)
	}
	if r.Alert {
		dst = append(dst, `,"Alert":true`...)
	}
	return append(dst, '}'), nil
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
