package booking

import (
	"io"
	"strings"
)

// codeAlphabet is Crockford's base32: no I, L, O or U, so a code read out
// over the phone or copied from paper is not misread, and no accidental
// words. 32 symbols divide 256, so byte%32 is unbiased.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeLen is 6 symbols, 30 bits: about a billion codes, plenty for one
// deployment when the store rejects a duplicate and the caller draws again.
const codeLen = 6

// NewCode returns a booking code such as "K7Q-4MX": six Crockford base32
// symbols in two groups of three, easy to read out at a counter. rand
// should be crypto/rand.Reader: codes are shown to staff as proof of a
// booking, so they must not be guessable. NewCode panics if rand fails,
// which crypto/rand.Reader never does. Uniqueness is the store's job.
func NewCode(rand io.Reader) string {
	var b [codeLen]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		panic("booking: reading random bytes: " + err.Error())
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

// ValidCode reports whether s is a code exactly as NewCode formats it.
func ValidCode(s string) bool {
	if len(s) != codeLen+1 || s[codeLen/2] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i != codeLen/2 && strings.IndexByte(codeAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}
