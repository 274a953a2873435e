package plaintext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLength(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0}, {"abc", 3}, {"Việt", 4}, {"Vie\u0323\u0302t", 6}, {"😀", 2}, {"안녕", 2}, {"中文", 2}, {"\xff", 1},
	}
	for _, tt := range tests {
		if got := Length(tt.in); got != tt.want {
			t.Errorf("Length(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestSplit(t *testing.T) {
	para := strings.Repeat("chữ ", 10) + "cuối" // 44 units
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"fits", "xin chào", 20, []string{"xin chào"}},
		{"no limit", strings.Repeat("a", 5000), 0, []string{strings.Repeat("a", 5000)}},
		{"blank", " \n\n ", 20, nil},
		{"paragraphs", para + "\n\n" + para + "\n\n" + para, 100, []string{para + "\n\n" + para, para}},
		{"lines", para + "\n" + para + "\n" + para, 100, []string{para + "\n" + para, para}},
		{"words", "một hai ba bốn năm sáu bảy tám", 16, []string{"một hai ba bốn", "năm sáu bảy tám"}},
		{"long word", strings.Repeat("x", 40), 16, []string{strings.Repeat("x", 16), strings.Repeat("x", 16), strings.Repeat("x", 8)}},
		{"emoji never halved", strings.Repeat("😀", 9), 16, []string{strings.Repeat("😀", 8), "😀"}},
		{"combining marks stay on their letter", strings.Repeat("a", 15) + "e\u0301z", 16, []string{strings.Repeat("a", 15), "e\u0301z"}},
		{"early blank line not used", "tiêu đề\n\n" + strings.Repeat("abc ", 10), 20, []string{"tiêu đề\n\nabc abc abc", "abc abc abc abc abc", "abc abc"}},
		{"indent kept after a line break", strings.Repeat("a", 12) + "\n  • b", 16, []string{strings.Repeat("a", 12), "  • b"}},
		{"limit raised to MinLimit", "một hai ba bốn năm", 1, []string{"một hai ba bốn", "năm"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("Split = %q\nwant    %q", got, tt.want)
			}
			for _, m := range got {
				if tt.limit > 0 && Length(m) > max(tt.limit, MinLimit) || !utf8.ValidString(m) {
					t.Errorf("bad message %q (%d units)", m, Length(m))
				}
			}
		})
	}
}

func TestSplitKeepsEveryWord(t *testing.T) {
	text := strings.Repeat("Người nước ngoài cần thẻ thường trú.\n", 80) + "\n\n" + strings.Repeat("외국인 등록증 ", 300)
	got := Split(text, 2000)
	if len(got) < 2 {
		t.Fatalf("got %d messages", len(got))
	}
	if a, b := strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(strings.Join(got, " ")), " "); a != b {
		t.Error("the messages do not hold the same words as the text")
	}
}
