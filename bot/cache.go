package bot

import (
	"container/list"
	"sync"
)

// sessionCache keeps the sessions this process committed last, so the next
// update of a chat can be stepped without loading its session first and
// committed in one round trip (Journal.Try). It is only a hint: the commit
// is a compare-and-set on the version, so a session changed by another
// process is detected and the update takes the normal path.
type sessionCache struct {
	mu    sync.Mutex
	max   int
	order *list.List               // front = most recently used
	items map[string]*list.Element // chat key → element holding a Session
}

func newSessionCache(max int) *sessionCache {
	return &sessionCache{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

// get returns a copy of the cached session of chat.
func (c *sessionCache) get(chat Chat) (Session, bool) {
	if c.max <= 0 {
		return Session{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[chat.Key()]
	if !ok {
		return Session{}, false
	}
	c.order.MoveToFront(el)
	return el.Value.(Session).clone(), true
}

// put remembers s as the latest committed session of its chat.
func (c *sessionCache) put(s Session) {
	if c.max <= 0 {
		return
	}
	s = s.clone()
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[s.Chat.Key()]; ok {
		el.Value = s
		c.order.MoveToFront(el)
		return
	}
	c.items[s.Chat.Key()] = c.order.PushFront(s)
	if c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(Session).Chat.Key())
	}
}

// drop forgets chat, after a conflict showed the cached copy is stale.
func (c *sessionCache) drop(chat Chat) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[chat.Key()]; ok {
		c.order.Remove(el)
		delete(c.items, chat.Key())
	}
}
