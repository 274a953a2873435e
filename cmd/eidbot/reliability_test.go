package main

import (
	"bytes"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/eidbot/eidbot/internal/httpserver"
	"github.com/eidbot/eidbot/internal/redistest"
)

// TestEveryUpdateOnceAcrossProcesses delivers 200 updates 5 times each,
// concurrently, to 2 bot processes sharing one Redis, as Telegram may on
// retries: exactly 200 are handled and each reply is sent once.
func TestEveryUpdateOnceAcrossProcesses(t *testing.T) {
	h := newHarness(t, 2)
	const users, perUser, copies = 100, 2, 5
	type delivery struct {
		body []byte
		chat int64
	}
	var updates []delivery
	for u := range users {
		p := h.person(int64(20000+u), []string{"vi", "en", "zh", "ko"}[u%4])
		// Two different updates per chat race each other (compare-and-set).
		updates = append(updates, delivery{p.message("/start"), p.id}, delivery{p.message("/help"), p.id})
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	parallel(len(updates)*copies, 64, func(i int) {
		code := h.post(rand.IntN(2), testSecret, updates[i%len(updates)].body)
		mu.Lock()
		statuses[code]++
		mu.Unlock()
	})
	for code := range statuses {
		if code != http.StatusOK && code != http.StatusServiceUnavailable {
			t.Fatalf("unexpected statuses %v", statuses)
		}
	}
	// Telegram redelivers whatever was not acknowledged; now all are done.
	for _, u := range updates {
		if code := h.post(rand.IntN(2), testSecret, u.body); code != http.StatusOK {
			t.Fatalf("redelivery answered %d", code)
		}
	}
	perChat := map[string]int{}
	for _, c := range h.api.CallsTo("sendMessage") {
		perChat[c.ChatID()]++
	}
	total := 0
	for _, u := range updates {
		if perChat[uid(u.chat)] != perUser {
			t.Fatalf("chat %d got %d replies, want %d", u.chat, perChat[uid(u.chat)], perUser)
		}
	}
	for _, n := range perChat {
		total += n
	}
	if total != users*perUser {
		t.Fatalf("sent %d replies for %d updates", total, users*perUser)
	}
	t.Logf("statuses over %d deliveries: %v", len(updates)*copies, statuses)
}

// TestRedisDownMeansRetryLater stops Redis mid-run: the webhook must never
// answer 2xx without a durable write, and once Redis is back every update
// that was refused is processed when Telegram retries it.
func TestRedisDownMeansRetryLater(t *testing.T) {
	h := newHarnessOn(t, redistest.Start(t, redistest.WithAppendOnly()))
	var before, during [][]byte
	for i := range 60 {
		p := h.person(int64(30000+i), "vi")
		if i < 20 {
			before = append(before, p.message("/start"))
		} else {
			during = append(during, p.message("/start"))
		}
	}
	for _, b := range before {
		h.mustPost(b)
	}
	h.redis.Stop()
	for _, b := range during {
		if code := h.post(0, testSecret, b); code < 500 {
			t.Fatalf("with Redis down the webhook answered %d", code)
		}
	}
	sentWhileDown := len(h.api.CallsTo("sendMessage"))
	h.redis.Restart()
	// Telegram retries each refused update until it gets a 2xx; right after
	// the restart the client may still be reconnecting and answer 503.
	for _, b := range append(during, before...) {
		h.postUntilOK(b)
	}
	if sentWhileDown != len(before) {
		t.Fatalf("%d replies were sent while Redis was down", sentWhileDown-len(before))
	}
	if got := len(h.api.CallsTo("sendMessage")); got != len(before)+len(during) {
		t.Fatalf("sent %d replies, want %d", got, len(before)+len(during))
	}
}

// postUntilOK redelivers body like Telegram does, until it is accepted.
func (h *harness) postUntilOK(body []byte) {
	h.t.Helper()
	for attempt := 0; ; attempt++ {
		code := h.post(0, testSecret, body)
		if code == http.StatusOK {
			return
		}
		if code != http.StatusServiceUnavailable || attempt == 100 {
			h.t.Fatalf("redelivery answered %d after %d attempts", code, attempt+1)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// newHarnessOn is newHarness on a given Redis.
func newHarnessOn(t *testing.T, redis *redistest.Server) *harness {
	h := newHarness(t, 0)
	h.redis = redis
	h.mains = append(h.mains, h.startMain())
	return h
}

func TestForgedSecretTouchesNothing(t *testing.T) {
	h := newHarness(t, 1)
	body := h.person(1, "vi").message("/start")
	var codes []int
	n := h.redis.CountCommands(func() {
		for _, secret := range []string{"", "wrong", testSecret + "x", testSecret[:5]} {
			codes = append(codes, h.post(0, secret, body))
		}
	})
	if n != 0 {
		t.Fatalf("requests with a bad secret issued %d Redis commands", n)
	}
	for _, c := range codes {
		if c != http.StatusUnauthorized {
			t.Fatalf("statuses %v, want all 401", codes)
		}
	}
	if len(h.api.CallsTo("sendMessage")) != 0 {
		t.Fatal("a forged update was answered")
	}
}

func TestOversizedBody(t *testing.T) {
	h := newHarness(t, 1)
	limit := httpserver.DefaultBodyLimit
	body := append([]byte(`{"update_id":1,"message":{"text":"`), bytes.Repeat([]byte("a"), limit)...)
	body = append(body, `"}}`...)
	over := body[:limit+1]
	var code int
	n := h.redis.CountCommands(func() { code = h.post(0, testSecret, over) })
	if code != http.StatusRequestEntityTooLarge || n != 0 {
		t.Fatalf("the limit + 1 byte: status %d with %d Redis commands, want 413 and none", code, n)
	}
	if code := h.post(0, testSecret, []byte(`{"update_id": "x"}`)); code != http.StatusBadRequest {
		t.Fatalf("malformed update: %d", code)
	}
}
