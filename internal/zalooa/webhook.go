package zalooa

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/eidbot/eidbot/internal/zalojson"
)

// Webhook authenticates the events Zalo posts to the OA's webhook. It is
// safe for concurrent use.
type Webhook struct {
	signers   []string // AppID, and OAID when configured
	secretKey string
	now       func() time.Time
}

// NewWebhook returns a Webhook for the configuration's app id (and OA id)
// and OA secret key.
func NewWebhook(cfg Config) (*Webhook, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	w := &Webhook{signers: []string{cfg.AppID}, secretKey: cfg.SecretKey, now: cfg.Now}
	if cfg.OAID != "" && cfg.OAID != cfg.AppID {
		w.signers = append(w.signers, cfg.OAID)
	}
	return w, nil
}

// Verify reports whether header, the value of SignatureHeader ("mac=<hex>"
// or bare hex, any case), signs body: hex(SHA-256(app id + body +
// timestamp + OA secret key)) [T], with the timestamp read from the body's
// top-level "timestamp" field (a string, or a number as written). It reads
// the raw bytes only and must run before anything else touches the event.
// The comparison takes the same time whatever the header holds.
func (w *Webhook) Verify(header string, body []byte) bool {
	got, ok := parseMAC(header)
	if !ok {
		return false
	}
	ts, ok := timestampOf(body)
	if !ok {
		return false
	}
	match := 0
	for _, signer := range w.signers {
		want := Sign(signer, body, ts, w.secretKey)
		match |= subtle.ConstantTimeCompare(got, want[:])
	}
	return match == 1
}

// Sign is the signature of an event body: SHA-256 of app id + body +
// timestamp + OA secret key. The stand-in server signs with it too.
func Sign(appID string, body []byte, timestamp, secretKey string) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(appID))
	h.Write(body)
	h.Write([]byte(timestamp))
	h.Write([]byte(secretKey))
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// parseMAC reads "mac=<hex>" or "<hex>" into the 32 bytes it names.
func parseMAC(header string) ([]byte, bool) {
	s := strings.TrimSpace(header)
	if len(s) > 4 && strings.EqualFold(s[:4], "mac=") {
		s = s[4:]
	}
	if len(s) != 2*sha256.Size {
		return nil, false
	}
	b, err := hex.DecodeString(s)
	return b, err == nil
}

// timestampOf reads the body's top-level "timestamp" as the text Zalo
// signed: a string's content, or a number's digits exactly as written.
// The key must be written so: encoding/json matches struct fields without
// regard to case, and would read "TimeStamp" (or the last of several
// spellings) as the timestamp.
func timestampOf(body []byte) (string, bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return "", false
	}
	raw := bytes.TrimSpace(top["timestamp"])
	var s zalojson.String
	_ = s.UnmarshalJSON(raw)
	if s == "" {
		return "", false
	}
	if raw[0] != '"' {
		return string(raw), true // the number as written, e.g. 1.7e12 stays so
	}
	return string(s), true
}
