package zalooa

import (
	"context"
	"time"
)

// EventJournal is the durable queue between the webhook and the workers.
// The webhook records each verified event once and answers Zalo at once;
// a Worker on any replica reads it, processes it and acknowledges it; an
// event read by a worker that died is taken over after a while.
type EventJournal interface {
	// Record adds the raw body of a verified event under its idempotency
	// key unless that key was recorded before, durably, and reports
	// whether it was new.
	Record(ctx context.Context, key string, body []byte) (added bool, err error)
	// Read hands consumer up to n events no consumer has read yet,
	// waiting up to block for one (0: do not wait). They stay pending
	// until acknowledged.
	Read(ctx context.Context, consumer string, n int, block time.Duration, fn func(entry string, body []byte)) error
	// Reclaim hands consumer up to n events that have been pending longer
	// than minIdle, whichever consumer read them.
	Reclaim(ctx context.Context, consumer string, minIdle time.Duration, n int, fn func(entry string, body []byte)) error
	// Ack marks an event processed and forgets its body.
	Ack(ctx context.Context, entry string) error
}
