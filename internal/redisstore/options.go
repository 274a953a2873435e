package redisstore

import (
	"fmt"
	"strings"
	"time"
)

// Defaults for Options.
const (
	// DefaultPrefix starts every key.
	DefaultPrefix = "eid"
	// DefaultSessionTTL forgets a chat three months after its last write.
	DefaultSessionTTL = 90 * 24 * time.Hour
	// DefaultClaimTTL is far above the time one update takes, so only a
	// dead worker's claim ever expires.
	DefaultClaimTTL = 60 * time.Second
	// DefaultDoneTTL outlasts Telegram's retries, which go on for up to a day.
	DefaultDoneTTL = 26 * time.Hour
)

// Options tunes a Store. The zero value means every default.
type Options struct {
	// Prefix starts every key, so several deployments can share a Redis.
	// It must not contain '{' or '}', which would break the hash tags.
	Prefix string
	// SessionTTL is how long a chat's session and block marker live after
	// their last write. Every Save starts it again.
	SessionTTL time.Duration
	// ClaimTTL bounds an in-progress claim, so an update whose worker died
	// is retried after this long. It must exceed the slowest update.
	ClaimTTL time.Duration
	// DoneTTL is how long a finished update is remembered as done.
	DoneTTL time.Duration
}

// withDefaults fills in zero fields and rejects values Redis cannot take.
func (o Options) withDefaults() (Options, error) {
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if strings.ContainsAny(o.Prefix, "{}") {
		return o, fmt.Errorf("redisstore: key prefix %q contains a brace", o.Prefix)
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&o.SessionTTL, DefaultSessionTTL}, {&o.ClaimTTL, DefaultClaimTTL}, {&o.DoneTTL, DefaultDoneTTL}} {
		if *d.v == 0 {
			*d.v = d.def
		}
		if *d.v < time.Millisecond { // PX and PEXPIRE count in milliseconds
			return o, fmt.Errorf("redisstore: TTL %v is shorter than 1ms", *d.v)
		}
	}
	return o, nil
}
