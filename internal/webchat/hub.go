package webchat

import "sync"

// hub knows the event streams this process holds, by visitor, and wakes
// them when the notice reader (Service.Run) sees news for their visitor.
type hub struct {
	mu     sync.Mutex
	subs   map[string]map[*waiter]struct{} // chat id → its open streams
	closed chan struct{}
	once   sync.Once
}

// waiter is one open stream. wake holds at most one token: news that
// arrives while the stream is busy is read on its next pass anyway.
type waiter struct {
	wake chan struct{}
}

func newHub() *hub {
	return &hub{subs: map[string]map[*waiter]struct{}{}, closed: make(chan struct{})}
}

// join registers a stream of chat, unless the visitor already holds limit
// streams or the hub is closed.
func (h *hub) join(chat string, limit int) (*waiter, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-h.closed:
		return nil, false
	default:
	}
	if len(h.subs[chat]) >= limit {
		return nil, false
	}
	w := &waiter{wake: make(chan struct{}, 1)}
	if h.subs[chat] == nil {
		h.subs[chat] = map[*waiter]struct{}{}
	}
	h.subs[chat][w] = struct{}{}
	return w, true
}

// leave forgets a stream.
func (h *hub) leave(chat string, w *waiter) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs[chat], w)
	if len(h.subs[chat]) == 0 {
		delete(h.subs, chat)
	}
}

// notify wakes every stream of chat without blocking.
func (h *hub) notify(chat string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for w := range h.subs[chat] {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// open counts the streams held.
func (h *hub) open() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, s := range h.subs {
		n += len(s)
	}
	return n
}

// close ends every stream and refuses new ones.
func (h *hub) close() { h.once.Do(func() { close(h.closed) }) }
