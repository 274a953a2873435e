package telegram

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitShortTextIsOneChunk(t *testing.T) {
	for _, s := range []string{"", "xin chào", strings.Repeat("a", MessageLimit), strings.Repeat("😂", MessageLimit/2)} {
		if got := Split(s, MessageLimit); len(got) != 1 || got[0] != s {
			t.Errorf("Split(%d units) = %d chunks", utf16Len(s), len(got))
		}
	}
}

func TestSplitCountsUTF16(t *testing.T) {
	s := strings.Repeat("😂", MessageLimit/2+1) // 4098 units, 2049 characters
	got := Split(s, MessageLimit)
	if len(got) != 2 || got[0]+got[1] != s {
		t.Fatalf("got %d chunks", len(got))
	}
	for _, c := range got {
		if !utf8.ValidString(c) || utf16Len(c) > MessageLimit {
			t.Errorf("bad chunk: %d units, valid=%v", utf16Len(c), utf8.ValidString(c))
		}
	}
}

func TestSplitPrefersBlankLinesThenNewlinesThenSpaces(t *testing.T) {
	para := strings.Repeat("word ", 20) // 100 units
	tests := []struct {
		name, text string
		wantFirst  string
	}{
		{"blank line", para + "\n" + para + "\n\n" + para + " " + para, para + "\n" + para + "\n\n"},
		{"newline", para + " " + para + "\n" + para + " " + para, para + " " + para + "\n"},
		{"space", strings.Repeat("abcdefghi ", 30), strings.Repeat("abcdefghi ", 25)},
		{"hard", strings.Repeat("x", 300), strings.Repeat("x", 256)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text, 256)
			if got[0] != tt.wantFirst {
				t.Errorf("first chunk = %q\nwant %q", got[0], tt.wantFirst)
			}
			if strings.Join(got, "") != tt.text {
				t.Error("chunks do not add up to the text")
			}
		})
	}
}

func TestSplitEarlyBlankLineIsNotUsed(t *testing.T) {
	text := "title\n\n" + strings.Repeat("abc ", 100)
	got := Split(text, 256)
	if utf16Len(got[0]) < 128 {
		t.Errorf("first chunk is only %d units: %q", utf16Len(got[0]), got[0])
	}
}

func TestSplitKeepsTagsBalanced(t *testing.T) {
	text := "<b>Giấy tờ</b>\n<i>" + strings.Repeat("căn cước ", 40) + `<a href="https://dichvucong.gov.vn/?a=1&amp;b=2">` +
		strings.Repeat("link &amp; text ", 20) + "</a></i> end"
	got := Split(text, 200)
	if len(got) < 3 {
		t.Fatalf("want several chunks, got %d", len(got))
	}
	for i, c := range got {
		if utf16Len(c) > 200 {
			t.Errorf("chunk %d has %d units", i, utf16Len(c))
		}
		if !wellFormed(c) {
			t.Errorf("chunk %d is not well-formed: %q", i, c)
		}
		if strings.Contains(c, "&amp") && !strings.Contains(c, "&amp;") {
			t.Errorf("chunk %d cuts an entity: %q", i, c)
		}
	}
	if !strings.HasPrefix(got[1], "<i>") || !strings.HasSuffix(got[0], "</i>") {
		t.Errorf("italic not closed and reopened: %q | %q", got[0], got[1])
	}
	if visible(strings.Join(got, "")) != visible(text) {
		t.Error("visible text changed")
	}
}

func TestSplitHugeTagFallsBackToPlainText(t *testing.T) {
	text := `<a href="https://x/` + strings.Repeat("p", 100) + `">` + strings.Repeat("y", 100) + "</a>"
	got := Split(text, 64)
	for _, c := range got {
		if utf16Len(c) > 64 || strings.Contains(c, "<") {
			t.Errorf("chunk %q", c)
		}
	}
	if strings.Join(got, "") != strings.Repeat("y", 100) {
		t.Errorf("got %q", got)
	}
}

// visible is the text without tags, as the checks compare it.
func visible(s string) string {
	var b strings.Builder
	for _, t := range tokenize(s) {
		if t.kind == tokText {
			b.WriteString(s[t.start:t.end])
		}
	}
	return b.String()
}

// wellFormed reports whether every closing tag closes the innermost open one
// and nothing is left open.
func wellFormed(s string) bool {
	var stack []string
	for _, t := range tokenize(s) {
		switch t.kind {
		case tokOpen:
			stack = append(stack, t.name)
		case tokClose:
			if len(stack) == 0 || stack[len(stack)-1] != t.name {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
	return len(stack) == 0
}

// strayAngles reports text-level "<" or ">": invalid Telegram HTML, for which
// only the length guarantee holds.
func strayAngles(s string) bool {
	for _, t := range tokenize(s) {
		if t.kind == tokText && (s[t.start] == '<' || s[t.start] == '>') {
			return true
		}
	}
	return false
}

func FuzzSplit(f *testing.F) {
	f.Add("<b>bold</b> and <i>italic <a href=\"https://x\">link</a></i>\n\nnext", 64)
	f.Add(strings.Repeat("😂 &amp; <code>x</code>\n", 40), 100)
	f.Add(strings.Repeat("chữ ", 40)+"\n\n"+strings.Repeat("<b>x</b> ", 20), 0)
	f.Add("a\xffb<b>"+strings.Repeat("&lt;", 50)+"</b>", 70)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		limit = 64 + abs(limit)%5000
		chunks := Split(text, limit)
		if len(chunks) == 0 {
			t.Fatal("no chunks")
		}
		for i, c := range chunks {
			if utf16Len(c) > limit {
				t.Fatalf("chunk %d: %d units > %d", i, utf16Len(c), limit)
			}
		}
		if utf16Len(text) <= limit {
			if len(chunks) != 1 || chunks[0] != text {
				t.Fatal("a text within the limit must be its own single chunk")
			}
			return
		}
		if strayAngles(text) {
			return
		}
		if visible(strings.Join(chunks, "")) != visible(text) {
			t.Fatalf("visible text changed:\n%q\n%q", strings.Join(chunks, ""), text)
		}
		if wellFormed(text) {
			for i, c := range chunks {
				if !wellFormed(c) {
					t.Fatalf("chunk %d not well-formed: %q", i, c)
				}
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1)
	}
	return n
}

func BenchmarkSplit(b *testing.B) {
	text := "<b>Hồ sơ</b>\n\n" + strings.Repeat("Căn cước công dân &amp; giấy tờ cư trú. ", 250)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if len(Split(text, MessageLimit)) < 2 {
			b.Fatal("not split")
		}
	}
}
