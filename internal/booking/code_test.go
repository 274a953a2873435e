package booking

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
)

func TestNewCode(t *testing.T) {
	tests := []struct {
		random []byte
		want   string
	}{
		{[]byte{0, 1, 2, 3, 4, 5}, "012-345"},
		{[]byte{10, 17, 18, 19, 26, 31}, "AHJ-KTZ"},
		{[]byte{32, 33, 255, 64, 96, 200}, "01Z-008"}, // byte % 32
	}
	for _, tt := range tests {
		if got := NewCode(bytes.NewReader(tt.random)); got != tt.want {
			t.Errorf("NewCode(%v) = %q, want %q", tt.random, got, tt.want)
		}
	}
	for range 1000 {
		if c := NewCode(rand.Reader); !ValidCode(c) || strings.ContainsAny(c, "ILOU") {
			t.Fatalf("NewCode made %q", c)
		}
	}
}

func TestNewCodePanicsOnShortRandom(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on a failing reader")
		}
	}()
	NewCode(bytes.NewReader([]byte{1, 2}))
}

func TestValidCode(t *testing.T) {
	tests := map[string]bool{
		"K7Q-4MX": true, "000-000": true, "ZZZ-ZZZ": true,
		"k7q-4mx": false, "K7Q4MX": false, "K7Q-4MXA": false, "KIQ-4MX": false,
		"K7Q-4MU": false, "K7Q_4MX": false, "": false, "K7Q-4M": false,
	}
	for code, want := range tests {
		if got := ValidCode(code); got != want {
			t.Errorf("ValidCode(%q) = %v", code, got)
		}
	}
}
