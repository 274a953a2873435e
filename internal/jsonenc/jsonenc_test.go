package jsonenc

import (
	"encoding/json"
	"testing"
)

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	all := make([]byte, 0, 256)
	for b := range 256 {
		all = append(all, byte(b))
	}
	for _, s := range []string{"", "plain", `a"b\c`, "<b>&amp;</b>", "\x00\x1f\b\f\n\r\t\x7f", "Xin chào 👋", "\u2028\u2029", "\xff\xfe", "a\xc3", string(all)} {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
}
