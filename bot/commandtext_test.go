package bot

import (
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct{ text, name, target, payload string }{
		{"/start", "start", "", ""},
		{"/Start point_pa08  ", "start", "", "point_pa08"},
		{"/hoi@eid_bot làm ở đâu?", "hoi", "eid_bot", "làm ở đâu?"},
		{"/hoi\nlàm ở đâu", "hoi", "", "làm ở đâu"},
	} {
		name, target, payload, ok := ParseCommand(tc.text)
		if !ok || name != tc.name || target != tc.target || payload != tc.payload {
			t.Errorf("ParseCommand(%q) = %q %q %q %v", tc.text, name, target, payload, ok)
		}
	}
	for _, text := range []string{"hello", "/", "/ hello", "/đăng_ký", "/" + strings.Repeat("a", 65)} {
		if _, _, _, ok := ParseCommand(text); ok {
			t.Errorf("ParseCommand(%q) read a command", text)
		}
	}
}
