package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Consent records (Decree 330/2026 as reported, SOURCES.md §11.4): when a
// person agrees to their data being stored for a purpose, a minimal record
// of it is kept, and /forget, which deletes everything personal, keeps it
// and adds when the data was deleted. A record holds no name, phone number
// or answer: the chat's channel-qualified id only as a hash (Subject), the
// purpose, the version of the consent text agreed to, and the times. It is
// kept for ConsentRecordKept after its last change, the period the consent
// texts state ("2 years"). The hash is a pseudonym, not anonymity: whoever
// holds a chat id can find its record, which is what a consent record is
// for.

// ConsentRecordKept is how long a consent record is kept after its last
// change. The consent texts (book.q.consent, visit.q.consent, forget.q)
// state it; change them together.
const ConsentRecordKept = 2 * 365 * 24 * time.Hour

// Consent purposes.
const (
	PurposeBooking   = "booking"    // the appointment's data
	PurposeReminders = "reminders"  // reminders of it
	PurposeHomeVisit = "home_visit" // a home-visit request's data
	// PurposeThirdParty: the booker confirmed that the person they book
	// or ask a visit for agreed.
	PurposeThirdParty = "third_party_agreed"
)

// Consent is one consent given: by whom (Subject, a hash), for what
// purpose, to which version of the consent text, and when.
type Consent struct {
	Subject string
	Purpose string
	Version string
	Given   time.Time
}

// ConsentSubject is the hash a consent record names a chat by: SHA-256 of
// the channel-qualified id ("tg:12345"), in hex.
func ConsentSubject(chat Chat) string {
	sum := sha256.Sum256([]byte(chat.Key()))
	return hex.EncodeToString(sum[:])
}

// ConsentLog keeps consent records. It is also an Eraser, which on
// /forget deletes nothing but records the withdrawal and deletion.
type ConsentLog interface {
	// Record keeps c, replacing an earlier record of the same subject and
	// purpose.
	Record(ctx context.Context, c Consent) error
	Eraser
}
