package bot

import (
	"io"
	"strings"
	"unicode"
)

// codeAlphabet is Crockford's base32, the alphabet booking codes are drawn
// from: no I, L, O or U, so a code read out over the phone or copied from
// paper is not misread, and no accidental words. 32 symbols divide 256, so
// byte%32 is unbiased.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeLen is 6 symbols, 30 bits: about a billion codes, plenty for one
// deployment when the store rejects a duplicate and the caller draws again.
const codeLen = 6

// NewCode returns a booking code such as "K7Q-4MX": six symbols of
// Crockford's base32 in two groups of three, easy to read out at a counter.
// rand should be crypto/rand.Reader: codes are shown to staff as proof of a
// booking, so they must not be guessable. NewCode panics if rand fails,
// which crypto/rand.Reader never does. Uniqueness is the store's job
// (ErrCodeInUse).
func NewCode(rand io.Reader) string {
	var b [codeLen]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		panic("bot: reading random bytes: " + err.Error())
	}
	out := make([]byte, 0, codeLen+1)
	for i, c := range b {
		if i == codeLen/2 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[c%32])
	}
	return string(out)
}

// NormalizeCode turns a booking code as someone typed or read it into the
// form NewCode writes, "K7Q-4MX": case, spaces and hyphens are ignored, and
// O, I and L are read as 0, 1 and 1, as Crockford's base32 prescribes,
// because staff copy codes from paper and phone calls. ok is false unless
// exactly six symbols of the alphabet remain.
func NormalizeCode(s string) (code string, ok bool) {
	var sym [codeLen]byte
	n := 0
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if n == len(sym) || r > unicode.MaxASCII || strings.IndexByte(codeAlphabet, byte(r)) < 0 {
			return "", false
		}
		sym[n] = byte(r)
		n++
	}
	if n != len(sym) {
		return "", false
	}
	return string(sym[:codeLen/2]) + "-" + string(sym[codeLen/2:]), true
}
