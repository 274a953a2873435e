package bot_test

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/eidbot/eidbot/bot"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"Lan":                 "Lan",
		"<b>x</b>":            "&lt;b&gt;x&lt;/b&gt;",
		`Tom & "Jerry" 'x'`:   "Tom &amp; &#34;Jerry&#34; &#39;x&#39;",
		"Nguyễn Thị Ánh":      "Nguyễn Thị Ánh",
		"bad\xffutf8":         "bad\uFFFDutf8",
		"<a href=\"x\">y</a>": "&lt;a href=&#34;x&#34;&gt;y&lt;/a&gt;",
	} {
		if got := bot.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzEscape: escaped text never contains markup and decodes back to the
// (UTF-8-repaired) input.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "<b>", "&amp;", "\xff", "Nguyễn <script>", "'\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := bot.Escape(s)
		if strings.ContainsAny(got, "<>\"'") {
			t.Fatalf("Escape(%q) = %q keeps markup characters", s, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Escape(%q) is not valid UTF-8", s)
		}
		if html.UnescapeString(got) != strings.ToValidUTF8(s, "\uFFFD") {
			t.Fatalf("Escape(%q) does not round-trip", s)
		}
	})
}
