package plaintext

import (
	"bytes"
	"html"
	"regexp"
	"strings"
)

// Text renders Telegram HTML as the plain text a person should read. Tags
// are dropped without leaving markers (<b>, <i>, <u>, <code>, <pre>, …),
// entities are decoded, and a link <a href="u">text</a> becomes "text: u",
// or just u when its text already shows the address. A '<' that does not
// begin a tag cannot come from well-formed markup (Telegram wants "&lt;");
// it is shown as '‹', so that a '<' in the output always comes from an
// entity and never from the markup. Invalid UTF-8 is replaced.
func Text(markup string) string {
	s := strings.ToValidUTF8(markup, "\uFFFD")
	var b bytes.Buffer
	var links []link // the <a> tags open, innermost last
	raw := 0         // start of the text not yet written
	for i := 0; i < len(s); {
		if s[i] != '<' {
			i++
			continue
		}
		end, name, closing, ok := scanTag(s, i)
		if !ok {
			i++
			continue
		}
		b.WriteString(decode(s[raw:i]))
		switch {
		case name == "a" && !closing:
			links = append(links, link{href: href(s[i:end]), start: b.Len()})
		case name == "a" && len(links) > 0:
			links[len(links)-1].close(&b)
			links = links[:len(links)-1]
		case name == "br":
			b.WriteByte('\n')
		}
		i, raw = end, end
	}
	b.WriteString(decode(s[raw:]))
	for i := len(links) - 1; i >= 0; i-- {
		links[i].close(&b)
	}
	return tidy(b.String())
}

// link is an open <a> tag: its address and where its text starts.
type link struct {
	href  string
	start int
}

// close writes the address after the link's text, or in its place when the
// text is empty or is the address itself.
func (l link) close(b *bytes.Buffer) {
	if l.href == "" {
		return
	}
	text := bytes.TrimSpace(b.Bytes()[l.start:]) // scans the blanks at the ends only
	switch {
	case len(text) == 0 || len(text) <= len(l.href) && sameAddress(string(text), l.href):
		b.Truncate(l.start)
		b.WriteString(l.href)
	default:
		b.WriteString(": " + l.href)
	}
}

// sameAddress reports whether a link's text shows its address, perhaps
// without the scheme or the trailing slash ("vneid.gov.vn").
func sameAddress(text, href string) bool {
	bare := func(s string) string {
		for _, p := range []string{"https://", "http://", "mailto:", "tel:"} {
			if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
				s = s[len(p):]
				break
			}
		}
		return strings.TrimSuffix(s, "/")
	}
	return strings.EqualFold(bare(text), bare(href))
}

var hrefAttr = regexp.MustCompile(`(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

// href reads the decoded href attribute of an <a> tag, "" if none. Control
// characters and line breaks are dropped: the address is shown on one line.
func href(tag string) string {
	m := hrefAttr.FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	v := html.UnescapeString(m[1] + m[2] + m[3])
	v = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7F || r == '<' {
			return -1
		}
		return r
	}, v)
	return strings.TrimSpace(v)
}

// decode turns a run of HTML text into plain text.
func decode(s string) string {
	if strings.IndexByte(s, '<') >= 0 {
		s = strings.ReplaceAll(s, "<", "‹")
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

// scanTag reads "<name …>", "</name>" or "<name/>" at s[i], as Telegram
// does: a letter, then letters, digits or '-', then anything but '<' up to
// '>'. It returns the end of the tag and its lowercase name.
func scanTag(s string, i int) (end int, name string, closing, ok bool) {
	j := i + 1
	if j < len(s) && s[j] == '/' {
		closing, j = true, j+1
	}
	n := j
	for n < len(s) && isNameByte(s[n], n == j) {
		n++
	}
	if n == j {
		return 0, "", false, false
	}
	gt := strings.IndexAny(s[n:], "<>")
	if gt < 0 || s[n+gt] != '>' {
		return 0, "", false, false
	}
	return n + gt + 1, strings.ToLower(s[j:n]), closing, true
}

func isNameByte(c byte, first bool) bool {
	letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	return letter || !first && (c >= '0' && c <= '9' || c == '-')
}

var blankLines = regexp.MustCompile(`\n{3,}`)

// tidy normalises line ends, drops the spaces that dropped tags leave at
// line ends, keeps at most one blank line in a row and trims the text.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if strings.Contains(s, " \n") || strings.Contains(s, "\t\n") {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " \t")
		}
		s = strings.Join(lines, "\n")
	}
	s = blankLines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}
