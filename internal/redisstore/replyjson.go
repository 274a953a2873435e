package redisstore

import (
	"encoding/json"
	"strconv"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/jsonenc"
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
	dst = jsonenc.AppendString(dst, string(r.Kind))
	dst = append(dst, `,"Chat":{"Channel":`...)
	dst = jsonenc.AppendString(dst, r.Chat.Channel)
	dst = append(dst, `,"ID":`...)
	dst = strconv.AppendInt(dst, r.Chat.ID, 10)
	dst = append(dst, `,"Kind":`...)
	dst = jsonenc.AppendString(dst, string(r.Chat.Kind))
	dst = append(dst, `},"Text":`...)
	dst = jsonenc.AppendString(dst, r.Text)
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
				dst = jsonenc.AppendString(dst, b.Label)
				if b.Data != "" {
					dst = append(dst, `,"Data":`...)
					dst = jsonenc.AppendString(dst, b.Data)
				}
				if b.URL != "" {
					dst = append(dst, `,"URL":`...)
					dst = jsonenc.AppendString(dst, b.URL)
				}
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, ']')
	}
	if r.AskContact != "" {
		dst = append(dst, `,"AskContact":`...)
		dst = jsonenc.AppendString(dst, r.AskContact)
	}
	if len(r.Keyboard) > 0 {
		dst = append(dst, `,"Keyboard":[`...)
		for i, k := range r.Keyboard {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonenc.AppendString(dst, k)
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
		dst = jsonenc.AppendString(dst, r.CallbackID)
	}
	if r.Alert {
		dst = append(dst, `,"Alert":true`...)
	}
	return append(dst, '}'), nil
}
