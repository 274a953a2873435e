package zalooa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// TokenStore keeps one OA's token pair where every replica sees it, and
// lets exactly one process at a time refresh it. A refresh token is
// single-use: two processes spending the same one lock the OA out, so a
// refresh happens only under the lock, and the rotated pair is stored only
// while the lock's fence still holds. The record is opaque to the store.
type TokenStore interface {
	// Tokens returns the stored record and its version, which grows with
	// every Store; version 0 and a nil record when nothing is stored.
	Tokens(ctx context.Context) (record []byte, version int64, err error)
	// Lock takes the refresh lock for ttl unless another process holds
	// it. When taken it returns a fence (> 0) larger than every fence
	// handed out before; 0 when the lock is held.
	Lock(ctx context.Context, ttl time.Duration) (fence int64, err error)
	// Store saves record as the next version if no fence newer than fence
	// was handed out (even after the lock expired, as long as nobody took
	// it since), and returns the new version; 0 when a newer fence exists
	// and nothing was stored.
	Store(ctx context.Context, fence int64, record []byte) (version int64, err error)
	// Unlock releases the lock if fence still holds it.
	Unlock(ctx context.Context, fence int64) error
}

// tokenRecord is what Tokens keeps in the store.
type tokenRecord struct {
	Access         string `json:"access"`
	Refresh        string `json:"refresh"`
	AccessExpires  int64  `json:"access_expires"`  // unix ms
	RefreshExpires int64  `json:"refresh_expires"` // unix ms
	Rotated        int64  `json:"rotated"`         // unix ms of the refresh
}

// due reports whether the access token should be refreshed at now.
func (r tokenRecord) due(now time.Time) bool {
	return r.Access == "" || !now.Before(time.UnixMilli(r.AccessExpires).Add(-RefreshAhead))
}

// usable reports whether the access token has not expired at now.
func (r tokenRecord) usable(now time.Time) bool {
	return r.Access != "" && now.Before(time.UnixMilli(r.AccessExpires))
}

// Tokens hands out the OA's access token and refreshes it, ahead of its
// expiry and when Zalo says it expired, across every replica sharing the
// TokenStore. It is safe for concurrent use.
type Tokens struct {
	client *Client
	store  TokenStore
	log    *slog.Logger
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error

	refreshing sync.Mutex // one refresh at a time in this process

	mu      sync.Mutex
	cur     tokenRecord
	version int64 // of cur; 0 before the first read
	health  error // the last check's failure; nil when healthy
	// healthAt is the version known when health failed: a newer version
	// (someone refreshed since) makes the tokens healthy again.
	healthAt int64
	unsaved  *unsaved
}

// unsaved is a rotated pair the store refused to take (it was down): the
// only copy of a single-use refresh token, kept until it is stored.
type unsaved struct {
	rec   tokenRecord
	fence int64
	raw   []byte
}

// NewTokens returns Tokens that refresh through client and keep the pair
// in store.
func NewTokens(client *Client, store TokenStore) *Tokens {
	return &Tokens{client: client, store: store, log: client.cfg.Log, now: client.cfg.Now, sleep: client.cfg.Sleep,
		health: errors.New("zalooa: tokens not checked yet")}
}

// AccessToken returns the access token to call the API with. When it is
// due for a refresh (RefreshAhead before it expires) it reads the store,
// where another replica may have rotated it, and refreshes only if the
// stored token is due too. If that refresh fails while the token has not
// yet expired, the token is returned anyway (the failure is logged and
// reported by Healthy).
func (t *Tokens) AccessToken(ctx context.Context) (string, error) {
	if rec, ok := t.keepUnsaved(ctx); ok {
		return rec.Access, nil
	}
	if rec, _ := t.cached(); !rec.due(t.now()) {
		return rec.Access, nil
	}
	rec, version, err := t.load(ctx)
	if err != nil {
		return "", err
	}
	if !rec.due(t.now()) {
		return rec.Access, nil
	}
	fresh, err := t.refresh(ctx, version)
	if err != nil {
		if rec.usable(t.now()) {
			return rec.Access, nil
		}
		return "", err
	}
	return fresh.Access, nil
}

// Expired is called after Zalo refused used as expired (CodeTokenExpired).
// It returns the token to try once more: the stored one if another
// replica rotated the pair meanwhile, else a freshly refreshed one.
func (t *Tokens) Expired(ctx context.Context, used string) (string, error) {
	if rec, ok := t.keepUnsaved(ctx); ok {
		if rec.Access == used {
			return "", fmt.Errorf("zalooa: the unsaved access token was refused: %w", ErrTokenExpired)
		}
		return rec.Access, nil
	}
	rec, version, err := t.load(ctx)
	if err != nil {
		return "", err
	}
	if rec.Access != "" && rec.Access != used {
		return rec.Access, nil
	}
	fresh, err := t.refresh(ctx, version)
	if err != nil {
		return "", err
	}
	return fresh.Access, nil
}

// Healthy reports the last token check: nil while the OA has a usable
// access token and its last refresh worked; else why not (never seeded,
// a failed refresh, a pair that could not be stored). The server's
// readiness probe turns red on it.
func (t *Tokens) Healthy() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.health == nil && t.version > 0 && !t.cur.usable(t.now()) {
		return errors.New("zalooa: the access token has expired")
	}
	return t.health
}

// Run checks the tokens now and then every TokenCheckInterval until ctx
// ends, refreshing the pair RefreshAhead before it expires, so that an
// idle OA's tokens stay fresh. Every replica may run it: the lock lets one
// refresh and the others read what it stored.
func (t *Tokens) Run(ctx context.Context) {
	for {
		if _, err := t.AccessToken(ctx); err != nil && ctx.Err() == nil {
			t.log.Error("zalooa: no usable OA access token", "error", err)
		}
		if t.sleep(ctx, TokenCheckInterval) != nil {
			return
		}
	}
}

// cached returns the pair last read or stored by this process.
func (t *Tokens) cached() (tokenRecord, int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cur, t.version
}

// remember caches a pair and records the check's outcome.
func (t *Tokens) remember(rec tokenRecord, version int64, health error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if version >= t.version {
		t.cur, t.version = rec, version
	}
	t.health, t.healthAt = health, t.version
}

// fail records a failed check without touching the cached pair.
func (t *Tokens) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.health, t.healthAt = err, t.version
}

// failUnseen records that nothing is stored, unless this process has read
// a stored pair meanwhile: a read that found nothing and was answered late
// (the first check at start, racing the seed) must not turn a healthy
// process red until the next check.
func (t *Tokens) failUnseen(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.version == 0 {
		t.health, t.healthAt = err, 0
	}
}

// orphan keeps a rotated pair that could not be stored.
func (t *Tokens) orphan(rec tokenRecord, fence int64, raw []byte, err error) {
	_ = t.failed(err)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.unsaved = &unsaved{rec: rec, fence: fence, raw: raw}
}

// keepUnsaved tries again to store a pair that could not be stored. It
// returns that pair while it is still unsaved.
func (t *Tokens) keepUnsaved(ctx context.Context) (tokenRecord, bool) {
	t.mu.Lock()
	u := t.unsaved
	t.mu.Unlock()
	if u == nil {
		return tokenRecord{}, false
	}
	version, err := t.store.Store(ctx, u.fence, u.raw)
	switch {
	case err != nil:
		return u.rec, true
	case version == 0:
		_ = t.failed(errors.New("zalooa: an unsaved rotated pair lost its fence; another process refreshed since"))
	default:
		t.remember(u.rec, version, nil)
		t.log.Info("zalooa: the rotated OA tokens are stored at last", "version", version)
	}
	t.mu.Lock()
	t.unsaved = nil
	t.mu.Unlock()
	return tokenRecord{}, false
}

// load reads the stored pair. Nothing stored is ErrNoTokens.
func (t *Tokens) load(ctx context.Context) (tokenRecord, int64, error) {
	raw, version, err := t.store.Tokens(ctx)
	if err != nil {
		return tokenRecord{}, 0, fmt.Errorf("zalooa: reading the OA tokens: %w", err)
	}
	if version == 0 || len(raw) == 0 {
		t.failUnseen(ErrNoTokens)
		return tokenRecord{}, 0, ErrNoTokens
	}
	var rec tokenRecord
	if err := json.Unmarshal(raw, &rec); err != nil || rec.Refresh == "" {
		err = fmt.Errorf("zalooa: the stored OA tokens do not decode: %w", ErrNoTokens)
		t.fail(err)
		return tokenRecord{}, 0, err
	}
	t.mu.Lock()
	if version >= t.version {
		t.cur, t.version = rec, version
	}
	if t.health != nil && version > t.healthAt && t.unsaved == nil {
		t.health = nil // stored after the failure: someone refreshed since
	}
	t.mu.Unlock()
	return rec, version, nil
}
