package understand

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct {
		in    string
		code  string
		clear bool
	}{
		{"여권 필요한가요?", "ko", true},
		{"VNeID 2단계 신청", "ko", true},
		{"办下来需要多长时间？", "zh", true},
		{"VNeID二级", "zh", true},
		{"cần mang gì", "vi", true},
		{"Công an phường", "vi", true},
		{"can mang gi de lam dinh danh muc 2", "vi", true},
		{"lam o dau vay", "vi", true},
		{"where do I apply as a foreigner?", "en", true},
		{"what do I need to bring", "en", true},
		{"cccd", "vi", false},  // no marker: the default, not clear
		{"OTP", "vi", false},   // likewise
		{"phone", "en", false}, // one marker: a guess
		{"", "", false},
		{"👍", "", false},
	}
	for _, tt := range tests {
		got := Detect(tt.in)
		if got.Code != tt.code || got.Clear != tt.clear {
			t.Errorf("Detect(%q) = %+v, want %s clear=%v", tt.in, got, tt.code, tt.clear)
		}
	}
}

// TestMatchDecidesPlainLatinByExamples checks that, when marker words do not
// decide between Vietnamese and English, the language whose examples match
// better wins.
func TestMatchDecidesPlainLatinByExamples(t *testing.T) {
	ix := embeddedIndex(t)
	tests := []struct{ in, code string }{
		{"unsubscribe", "en"},
		{"tieng viet", "vi"},
	}
	for _, tt := range tests {
		got := ix.Match(tt.in).Language
		if got.Code != tt.code || got.Clear {
			t.Errorf("Match(%q).Language = %+v, want %s, not clear", tt.in, got, tt.code)
		}
	}
}
