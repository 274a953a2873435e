package redisstore

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// Consents is the Redis implementation of bot.ConsentLog: one hash per
// subject, "<prefix>:consent:{<subject>}", whose fields are purposes
// ("version|given ms|withdrawn ms") and "deleted" (ms). It holds nothing
// else: no chat id, name, phone number or answer.
type Consents struct {
	st  *Store
	now func() time.Time
}

// Compile-time proof that Consents keeps the core's contract.
var _ bot.ConsentLog = (*Consents)(nil)

// Consents returns the consent records on st's Redis.
func (st *Store) Consents() *Consents { return &Consents{st: st, now: time.Now} }

// WithClock returns Consents on the same Redis that stamps deletions
// with now.
func (c *Consents) WithClock(now func() time.Time) *Consents {
	d := *c
	d.now = now
	return &d
}

// consentKey is the record of one subject, a slot of its own.
func (st *Store) consentKey(subject string) string {
	return st.opts.Prefix + ":consent:{" + subject + "}"
}

// Record keeps consent c until bot.ConsentRecordKept after it was given.
func (c *Consents) Record(ctx context.Context, rec bot.Consent) error {
	if rec.Subject == "" || rec.Purpose == "" || rec.Purpose == "deleted" || strings.Contains(rec.Version, "|") {
		return errors.New("redisstore: consent: needs a subject, a purpose and a version without |")
	}
	return c.write(ctx, rec.Subject, rec.Purpose, rec.Version, rec.Given)
}

// Erase records, for /forget, that the chat's data was deleted and every
// consent it gave withdrawn, now; the record is kept for
// bot.ConsentRecordKept from now. It deletes nothing.
func (c *Consents) Erase(ctx context.Context, chat bot.Chat) error {
	return c.write(ctx, bot.ConsentSubject(chat), "", "", c.now())
}

// write runs consent.lua.
func (c *Consents) write(ctx context.Context, subject, purpose, version string, at time.Time) error {
	keys := []string{c.st.consentKey(subject)}
	args := []any{purpose, version, unixMs(at), unixMs(at.Add(bot.ConsentRecordKept))}
	if err := consentScript.Run(ctx, c.st.batch, keys, args...).Err(); err != nil {
		return unavailable("record consent of "+subject, err)
	}
	return nil
}
