package zalobot

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/eidbot/eidbot/internal/zalojson"
)

// rawEvent is a webhook event as Zalo posts it, inside the optional
// {"ok":true,"result":{…}} envelope.
type rawEvent struct {
	EventName zalojson.String `json:"event_name"`
	Message   *rawMessage     `json:"message"`
}

type rawMessage struct {
	MessageID zalojson.String `json:"message_id"`
	Date      zalojson.String `json:"date"` // unix milliseconds
	Text      zalojson.String `json:"text"`
	From      rawUser         `json:"from"`
	Chat      rawChat         `json:"chat"`
}

type rawUser struct {
	ID          zalojson.String `json:"id"`
	DisplayName zalojson.String `json:"display_name"`
	FirstName   zalojson.String `json:"first_name"`
	IsBot       bool            `json:"is_bot"`
}

type rawChat struct {
	ID       zalojson.String `json:"id"`
	ChatType zalojson.String `json:"chat_type"`
}

// object decodes a JSON object into its members; anything else fails.
func object(b []byte) (map[string]json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

// unwrap returns the event of a body: the body itself, or the object in
// its "result" when it has no event_name of its own.
func unwrap(top map[string]json.RawMessage) map[string]json.RawMessage {
	if _, ok := top["event_name"]; ok {
		return top
	}
	if inner, ok := object(top["result"]); ok {
		return inner
	}
	return top
}

// parseEvent reads the fields the channel uses, leniently: a member of the
// wrong type leaves its fields empty.
func parseEvent(top map[string]json.RawMessage) rawEvent {
	var ev rawEvent
	_ = json.Unmarshal(top["event_name"], &ev.EventName)
	if raw, ok := top["message"]; ok {
		var m rawMessage
		if json.Unmarshal(raw, &m) == nil {
			ev.Message = &m
		}
	}
	return ev
}

// eventTime converts Zalo's date, unix milliseconds [O]. A value too small
// to be milliseconds after 1973 is read as seconds; an absent or
// unreadable one is the zero time, which the engine replaces with now.
func eventTime(s zalojson.String) time.Time {
	var n json.Number = json.Number(strings.TrimSpace(string(s)))
	v, err := n.Int64()
	switch {
	case err != nil || v <= 0:
		return time.Time{}
	case v < 1e11:
		return time.Unix(v, 0).UTC()
	case v > 1e14: // past the year 5000: not a date
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}
