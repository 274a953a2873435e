package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/flows"
)

// TestLatinName: a foreigner's name as the passport prints it, in Latin
// letters; Han, Hangul, other scripts and digits are refused.
func TestLatinName(t *testing.T) {
	in := &flows.Input{Kind: "latin_name", Max: 80}
	for _, tc := range []struct {
		typed string
		ok    bool
	}{
		{"KIM MINJUN", true},
		{"ZHANG WEI", true},
		{"  Nguyễn Văn An ", true},
		{"O'BRIEN-SMITH Mary Ann", true},
		{"D’ANGELO", true},
		{"Jose\u0301 Mu\u0303noz", true}, // accents as combining marks
		{"MÜLLER Zoë", true},
		{strings.Repeat("A", 80), true},
		{strings.Repeat("A", 81), false},
		{"김민준", false},
		{"KIM 민준", false},
		{"张伟", false},
		{"ZHANG 伟", false},
		{"Иван Петров", false},
		{"KIM MINJUN 2", false},
		{"M123A4567", false},
		{"KIM.MINJUN", false},
		{"A", false},
		{"\u0301A", false}, // a mark with no letter before it
		{"- '", false},
	} {
		v, ok := validate(in, tc.typed, time.Time{})
		if ok != tc.ok {
			t.Errorf("%q: ok=%v, want %v", tc.typed, ok, tc.ok)
		}
		if ok && v != strings.TrimSpace(tc.typed) {
			t.Errorf("%q saved as %q", tc.typed, v)
		}
	}
}
