package broadcast_test

import (
	"sync"
	"time"
)

// clockwork is a settable clock for the Worker's Now.
type clockwork struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clockwork) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func (c *clockwork) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
