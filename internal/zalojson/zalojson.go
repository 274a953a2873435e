// Package zalojson reads the fields of Zalo's JSON that come either way:
// ids and timestamps as strings or numbers, counts and error codes as
// numbers or strings. Both Zalo channels (internal/zalobot,
// internal/zalooa) decode with it; it imports only the standard library,
// so it is one of the leaves bot/architecture_test.go lets internal
// packages share.
package zalojson

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// String reads a JSON string, or a number as its exact text (never through
// float64, which would lose the digits of Zalo's 19-digit ids); any other
// value reads as "" without failing, so that one odd field does not cost
// the whole event.
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (f *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if json.Unmarshal(b, &s) == nil {
			*f = String(s)
		}
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		var n json.Number
		if json.Unmarshal(b, &n) == nil {
			*f = String(n.String())
		}
	}
	return nil
}

// Int reads an integer given as a JSON number or a string ("90000"), as
// Zalo's answers give expires_in and error either way. Anything else fails
// to decode.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (f *Int) UnmarshalJSON(b []byte) error {
	var s String
	_ = s.UnmarshalJSON(b)
	n, err := strconv.ParseInt(strings.TrimSpace(string(s)), 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: nil}
	}
	*f = Int(n)
	return nil
}

// ID returns a Zalo id or timestamp if it is one: 1-128 letters, digits,
// '.', '_' or '-' (Zalo's ids are hexadecimal or decimal). Anything else
// reads as missing, since ids end up in storage keys and Redis hash tags,
// where a '}' or ':' would do harm.
func ID(s String) string {
	v := string(s)
	if v == "" || len(v) > 128 {
		return ""
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '_' || c == '-') {
			return ""
		}
	}
	return v
}
