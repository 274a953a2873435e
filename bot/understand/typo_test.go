package understand

import "testing"

func TestTypoFix(t *testing.T) {
	ty := embeddedIndex(t).typos
	for in, want := range map[string]string{
		"pasport":    "passport",
		"passprot":   "passport",
		"apointment": "appointment",
		"documnets":  "documents",
		"nguoii":     "nguoi",
		"passport":   "passport", // known
		"applies":    "applies",  // its stem is known
		"mangg":      "mangg",    // "mang" is too short to be a correction
		"fomr":       "fomr",     // too short
		"sdt":        "sdt",      // a chat spelling
		"xyzzyq":     "xyzzyq",   // nothing near
		"pass9ort":   "pass9ort", // not plain letters
	} {
		if got := ty.fix(in); got != want {
			t.Errorf("fix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOneSlip(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"passport", "pasport", true},
		{"passport", "passporrt", true},
		{"passport", "passpxrt", true},
		{"passport", "passprot", true},
		{"passport", "apssport", true},
		{"passport", "passport", false},
		{"passport", "pasprot", false},
		{"passport", "passpo", false},
		{"abcde", "bacdf", false},
	} {
		if got := oneSlip(tt.a, tt.b); got != tt.want {
			t.Errorf("oneSlip(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := oneSlip(tt.b, tt.a); got != tt.want {
			t.Errorf("oneSlip(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestMatchTypos: a question with a slip in its telling word is answered
// as the same question spelled right.
func TestMatchTypos(t *testing.T) {
	ix := embeddedIndex(t)
	for typed, right := range map[string]string{
		"do I need my pasport":                 "do I need my passport",
		"how do I cancle my appointment":       "how do I cancel my appointment",
		"can I reschedual my apointment":       "can I reschedule my appointment",
		"khongg co so dien thoaii thi lam sao": "khong co so dien thoai thi lam sao",
	} {
		got, want := ix.Match(typed), ix.Match(right)
		if want.Topic() == "" || got.Topic() != want.Topic() {
			t.Errorf("Match(%q) = %s %v, want confident %s as %q", typed, got.Decision, got.Candidates, want.Topic(), right)
		}
	}
}
