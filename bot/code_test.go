package bot_test

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
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
		if got := bot.NewCode(bytes.NewReader(tt.random)); got != tt.want {
			t.Errorf("NewCode(%v) = %q, want %q", tt.random, got, tt.want)
		}
	}
	for range 1000 {
		c := bot.NewCode(rand.Reader)
		if norm, ok := bot.NormalizeCode(c); !ok || norm != c || strings.ContainsAny(c, "ILOU") {
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
	bot.NewCode(bytes.NewReader([]byte{1, 2}))
}

func TestNormalizeCode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"K7Q-4MX", "K7Q-4MX", true},
		{"k7q4mx", "K7Q-4MX", true},
		{" k7q - 4mx ", "K7Q-4MX", true},
		{"K7Q\t4MX", "K7Q-4MX", true},
		{"oil-abc", "011-ABC", true}, // Crockford: O→0, I and L→1
		{"K7Q-4M", "", false},
		{"K7Q-4MXX", "", false},
		{"K7Q-4MU", "", false}, // U is not in the alphabet
		{"K7Q_4MX", "", false},
		{"K7Q-4MẤ", "", false},
		{"", "", false},
		{"------", "", false},
	} {
		got, ok := bot.NormalizeCode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeCode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
