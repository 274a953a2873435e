package webchat

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"io"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// A visitor token is "<id>.<secret>". The id names the visitor's chat
// (web:<id>) and appears in storage keys and logs; the secret proves the
// token was issued by the server and is stored only as its SHA-256. Both
// are random: 160 bits of id and 256 bits of secret, so neither can be
// guessed, and knowing a chat id (from a log line) does not let anybody
// read that chat.
const (
	idBytes     = 20
	secretBytes = 32
)

var (
	idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)
	// Strict: a secret has exactly one spelling (the last character's unused
	// bits must be zero), so no two strings pass for one secret.
	secretEncoding = base64.RawURLEncoding.Strict()
	idLen          = idEncoding.EncodedLen(idBytes)
	secretLen      = secretEncoding.EncodedLen(secretBytes)
)

// visitor is a token taken apart.
type visitor struct {
	chat bot.Chat
	hash string // hex SHA-256 of the secret, as stored
}

// newToken draws a fresh token from r (crypto/rand in production).
func newToken(r io.Reader) (string, visitor, error) {
	buf := make([]byte, idBytes+secretBytes)
	if _, err := io.ReadFull(r, buf); err != nil {
		return "", visitor{}, err
	}
	id := idEncoding.EncodeToString(buf[:idBytes])
	secret := secretEncoding.EncodeToString(buf[idBytes:])
	v, _ := parseToken(id + "." + secret)
	return id + "." + secret, v, nil
}

// parseToken checks a token's form; whether the server issued it is the
// store's to say (Store.CheckVisitor).
func parseToken(token string) (visitor, bool) {
	id, secret, ok := strings.Cut(token, ".")
	if !ok || len(id) != idLen || len(secret) != secretLen {
		return visitor{}, false
	}
	if _, err := idEncoding.DecodeString(id); err != nil {
		return visitor{}, false
	}
	raw, err := secretEncoding.DecodeString(secret)
	if err != nil {
		return visitor{}, false
	}
	sum := sha256.Sum256(raw)
	return visitor{chat: bot.Chat{Channel: bot.ChannelWeb, ID: id, Kind: bot.ChatPrivate}, hash: hex.EncodeToString(sum[:])}, true
}
