package fakeapi

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf16"
)

// supportedTags are the tags Telegram's HTML parse mode accepts.
var supportedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "a": true, "code": true, "pre": true,
	"span": true, "tg-spoiler": true, "tg-emoji": true, "blockquote": true,
}

// parseHTML returns the text a client would show for s in HTML parse mode,
// or Telegram's reason for refusing it. The wording follows Telegram's
// "can't parse entities" errors closely enough for tests to recognise them.
func parseHTML(s string) (string, error) {
	var out strings.Builder
	var stack []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("can't parse entities: Unclosed start tag at byte offset %d", i)
			}
			var err error
			if stack, err = applyTag(stack, s[i+1:i+end], i); err != nil {
				return "", err
			}
			i += end + 1
		case '&':
			n := strings.IndexByte(s[i:], ';')
			if n > 1 && n < 12 && html.UnescapeString(s[i:i+n+1]) != s[i:i+n+1] {
				out.WriteString(html.UnescapeString(s[i : i+n+1]))
				i += n + 1
				continue
			}
			out.WriteByte('&')
			i++
		default:
			out.WriteByte(s[i])
			i++
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("can't parse entities: Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1])
	}
	return out.String(), nil
}

// applyTag checks one tag (without its angle brackets) against the stack.
func applyTag(stack []string, tag string, offset int) ([]string, error) {
	if name, ok := strings.CutPrefix(tag, "/"); ok {
		name = strings.ToLower(strings.TrimSpace(name))
		if len(stack) == 0 {
			return nil, fmt.Errorf("can't parse entities: Unexpected end tag at byte offset %d", offset)
		}
		if top := stack[len(stack)-1]; top != name {
			return nil, fmt.Errorf("can't parse entities: Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", offset, top, name)
		}
		return stack[:len(stack)-1], nil
	}
	name, _, _ := strings.Cut(tag, " ")
	name = strings.ToLower(name)
	if !supportedTags[name] {
		return nil, fmt.Errorf("can't parse entities: Unsupported start tag \"%s\" at byte offset %d", name, offset)
	}
	return append(stack, name), nil
}

// utf16Len counts as Telegram counts message length.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++
		}
	}
	return n
}

// visibleText is what a client shows for text sent with parseMode.
func visibleText(text, parseMode string) (string, error) {
	if strings.EqualFold(parseMode, "HTML") {
		return parseHTML(text)
	}
	return text, nil
}
