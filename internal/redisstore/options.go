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
	// DefaultWaitTimeout bounds how long a write waits for a replica's
	// acknowledgement (WAIT). Replicas on the same network answer within a
	// millisecond; one that takes longer is treated as gone for that write.
	DefaultWaitTimeout = 500 * time.Millisecond
)

// Options tunes a Store. The zero value means every default.
type Options struct {
	// Mode says how Open reads the URL and which go-redis client it uses
	// (default ModeSingle). Embedded ignores it.
	Mode Mode
	// WaitReplicas is how many replicas must acknowledge a write that
	// keeps a promise (see durability.go) before the write counts as
	// done. 0, the default, means "detect": 1 when the master that took
	// the write has a replica online, else none. Negative: never wait.
	WaitReplicas int
	// WaitTimeout bounds each wait (default DefaultWaitTimeout). It must
	// stay well below the read timeout of one second, which also bounds
	// the pipeline the wait rides in.
	WaitTimeout time.Duration
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
	// Observer, when set, is told of Redis errors, failovers and booking
	// changes, for metrics (observer.go).
	Observer Observer
}

// withDefaults fills in zero fields and rejects values Redis cannot take.
func (o Options) withDefaults() (Options, error) {
	mode, err := ParseMode(string(o.Mode))
	if err != nil {
		return o, err
	}
	o.Mode = mode
	if o.WaitTimeout == 0 {
		o.WaitTimeout = DefaultWaitTimeout
	}
	if o.WaitTimeout < time.Millisecond || o.WaitTimeout > readTimeout/2 {
		return o, fmt.Errorf("redisstore: wait timeout %v is not between 1ms and %v", o.WaitTimeout, readTimeout/2)
	}
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
