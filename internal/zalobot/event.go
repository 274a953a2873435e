package zalobot

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
)

// rawEvent is a webhook event as Zalo posts it, inside the optional
// {"ok":true,"result":{…}} envelope.
type rawEvent struct {
	EventName flexString  `json:"event_name"`
	Message   *rawMessage `json:"message"`
}

type rawMessage struct {
	MessageID flexString `json:"message_id"`
	Date      flexString `json:"date"` // unix milliseconds
	Text      flexString `json:"text"`
	From      rawUser    `json:"from"`
	Chat      rawChat    `json:"chat"`
}

type rawUser struct {
	ID          flexString `json:"id"`
	DisplayName flexString `json:"display_name"`
	FirstName   flexString `json:"first_name"`
	IsBot       bool       `json:"is_bot"`
}

type rawChat struct {
	ID       flexString `json:"id"`
	ChatType flexString `json:"chat_type"`
}

// flexString reads a JSON string, or a number as its text; any other value
// reads as "" without failing, so that one odd field does not cost the
// whole event. Zalo's ids are strings [O]; some copies show numbers.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if json.Unmarshal(b, &s) == nil {
			*f = flexString(s)
		}
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		var n json.Number
		if json.Unmarshal(b, &n) == nil {
			*f = flexString(n.String())
		}
	}
	return nil
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
func eventTime(s flexString) time.Time {
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
