package zalooa

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// flexString reads a JSON string, or a number as its exact text (never
// through float64, which would lose the digits of Zalo's 19-digit ids);
// any other value reads as "" without failing, so that one odd field does
// not cost the whole event.
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

// flexInt reads an integer given as a JSON number or a string ("90000"),
// as Zalo's answers give expires_in and error either way. Anything else
// fails to decode.
type flexInt int64

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexInt) UnmarshalJSON(b []byte) error {
	var s flexString
	_ = s.UnmarshalJSON(b)
	n, err := strconv.ParseInt(strings.TrimSpace(string(s)), 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: nil}
	}
	*f = flexInt(n)
	return nil
}
