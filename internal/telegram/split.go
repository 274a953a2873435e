package telegram

import (
	"slices"
	"strings"
)

// MessageLimit is the most UTF-16 code units Telegram accepts in one message.
const MessageLimit = 4096

// minSplitLimit keeps a chunk large enough for any single token but a tag.
const minSplitLimit = 2 * maxEntity

// Split cuts Telegram HTML into chunks of at most limit UTF-16 code units
// (limits below 64 are raised to 64). It cuts at a blank line if one falls in
// the second half of a chunk, else at a newline, else at a space, else
// between two characters; never inside a tag, an entity or a surrogate pair.
// A tag open at a cut is closed at the end of the chunk and reopened at the
// start of the next, so every chunk of well-formed input is well-formed.
// Length counts the markup too, which is stricter than Telegram's count
// after parsing. In the pathological case where reopening the open tags
// alone would not fit, the text is split with all tags removed.
func Split(text string, limit int) []string {
	limit = max(limit, minSplitLimit)
	if utf16Len(text) <= limit {
		return []string{text}
	}
	toks := tokenize(text)
	if chunks, ok := (&splitter{text: text, toks: toks, limit: limit}).run(); ok {
		return chunks
	}
	plain, plainToks := stripTags(text, toks)
	chunks, _ := (&splitter{text: plain, toks: plainToks, limit: limit}).run()
	return chunks
}

// splitter holds one text being split.
type splitter struct {
	text  string
	toks  []token
	limit int
}

// run emits chunks; it fails when some chunk cannot hold a single token
// besides the tags it must reopen and close.
func (s *splitter) run() ([]string, bool) {
	var chunks []string
	var open []token // tags open at pos, outermost first
	for pos := 0; pos < len(s.toks); {
		end, ok := s.cut(pos, open)
		if !ok {
			return nil, false
		}
		next := replay(open, s.toks[pos:end])
		chunks = append(chunks, s.render(open, pos, end, next))
		open, pos = next, end
	}
	return chunks, true
}

// cut returns the end of the chunk that starts at token pos with the tags
// open reopened.
func (s *splitter) cut(pos int, open []token) (int, bool) {
	used, closing := 0, 0
	for _, t := range open {
		used += t.units
		closing += closeUnits(t.name)
	}
	stack := slices.Clone(open)
	var best [3]struct{ end, used int } // blank line, newline, space
	for i := pos; i < len(s.toks); i++ {
		t := s.toks[i]
		delta, at := closingDelta(stack, t)
		if used+t.units+closing+delta > s.limit {
			if i == pos {
				return 0, false
			}
			return s.choose(best, i), true
		}
		stack = applyTag(stack, t, at)
		used, closing = used+t.units, closing+delta
		if c := s.breakKind(i); c >= 0 {
			best[c].end, best[c].used = i+1, used
		}
	}
	return len(s.toks), true
}

// choose prefers the best kind of break that still fills half a chunk, so
// that one early blank line does not produce a tiny message.
func (s *splitter) choose(best [3]struct{ end, used int }, hard int) int {
	for _, b := range best {
		if b.end > 0 && 2*b.used >= s.limit {
			return b.end
		}
	}
	return hard
}

// breakKind says whether a cut right after token i falls at a blank line
// (0), a newline (1) or a space (2); -1 otherwise.
func (s *splitter) breakKind(i int) int {
	switch s.char(i) {
	case '\n':
		if i > 0 && s.char(i-1) == '\n' {
			return 0
		}
		return 1
	case ' ', '\t':
		return 2
	}
	return -1
}

// char returns the single-byte character of token i, or 0.
func (s *splitter) char(i int) byte {
	t := s.toks[i]
	if t.kind != tokText || t.end-t.start != 1 {
		return 0
	}
	return s.text[t.start]
}

// render writes a chunk: the reopened tags, the tokens, the closing tags.
func (s *splitter) render(open []token, pos, end int, stillOpen []token) string {
	var b strings.Builder
	for _, t := range open {
		b.WriteString(s.text[t.start:t.end])
	}
	b.WriteString(s.text[s.toks[pos].start:s.toks[end-1].end])
	for i := len(stillOpen) - 1; i >= 0; i-- {
		b.WriteString("</" + stillOpen[i].name + ">")
	}
	return b.String()
}

// closeUnits is the length of "</name>"; tag names are ASCII.
func closeUnits(name string) int { return len(name) + 3 }

// closingDelta is how token t changes the length of the closing tags, and
// which stack entry a closing tag pops (-1 if none).
func closingDelta(stack []token, t token) (delta, at int) {
	switch t.kind {
	case tokOpen:
		return closeUnits(t.name), -1
	case tokClose:
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].name == t.name {
				return -closeUnits(t.name), i
			}
		}
	}
	return 0, -1
}

// applyTag pushes an opening tag or pops the entry at a closing one.
func applyTag(stack []token, t token, at int) []token {
	switch {
	case t.kind == tokOpen:
		return append(stack, t)
	case at >= 0:
		return slices.Delete(stack, at, at+1)
	}
	return stack
}

// replay returns the tags open after toks, given those open before.
func replay(open []token, toks []token) []token {
	stack := slices.Clone(open)
	for _, t := range toks {
		_, at := closingDelta(stack, t)
		stack = applyTag(stack, t, at)
	}
	return stack
}

// stripTags keeps only the text tokens, re-based on the returned string.
func stripTags(text string, toks []token) (string, []token) {
	var b strings.Builder
	out := make([]token, 0, len(toks))
	for _, t := range toks {
		if t.kind != tokText {
			continue
		}
		start := b.Len()
		b.WriteString(text[t.start:t.end])
		t.start, t.end = start, b.Len()
		out = append(out, t)
	}
	return b.String(), out
}
