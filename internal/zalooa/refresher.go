package zalooa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// refresh rotates the pair whose version the caller saw, unless another
// process (or goroutine) rotated it since: then it returns what that one
// stored. A process that finds the lock taken waits for the holder's
// result instead of refreshing too, since both would spend one single-use
// token.
func (t *Tokens) refresh(ctx context.Context, seen int64) (tokenRecord, error) {
	t.refreshing.Lock()
	defer t.refreshing.Unlock()
	rec, fence, err := t.acquire(ctx, seen)
	if err != nil || fence == 0 {
		return rec, err
	}
	defer t.unlock(ctx, fence)
	return t.rotate(ctx, fence, rec)
}

// acquire takes the refresh lock, or finds that the pair changed since
// seen. It returns the current pair with fence 0 when it changed, or the
// pair to rotate with the fence of the lock now held.
func (t *Tokens) acquire(ctx context.Context, seen int64) (tokenRecord, int64, error) {
	deadline := t.now().Add(raceWait)
	for {
		rec, version, err := t.load(ctx)
		if err != nil || version != seen {
			return rec, 0, err // on success, someone else rotated it
		}
		fence, err := t.store.Lock(ctx, RefreshLockTTL)
		if err != nil {
			return rec, 0, fmt.Errorf("zalooa: taking the refresh lock: %w", err)
		}
		if fence > 0 {
			// Between our read and the lock another process may have
			// rotated and unlocked: read once more under the lock.
			again, v2, err := t.load(ctx)
			if err != nil || v2 != seen {
				t.unlock(ctx, fence)
				return again, 0, err
			}
			return again, fence, nil
		}
		if !t.now().Before(deadline) {
			return rec, 0, t.failed(errors.New("zalooa: another process holds the refresh lock and stored nothing"))
		}
		if err := t.sleep(ctx, racePoll); err != nil {
			return rec, 0, err
		}
	}
}

// rotate spends rec's refresh token and stores the new pair under fence.
func (t *Tokens) rotate(ctx context.Context, fence int64, rec tokenRecord) (tokenRecord, error) {
	rctx, cancel := context.WithTimeout(ctx, RefreshTimeout)
	grant, err := t.client.Refresh(rctx, rec.Refresh)
	cancel()
	if err != nil {
		return rec, t.failed(fmt.Errorf("zalooa: refreshing the OA access token failed; check the OA's authorisation and seed a new refresh token if it was revoked: %w", err))
	}
	now := t.now()
	next := tokenRecord{Access: grant.AccessToken, Refresh: grant.RefreshToken,
		AccessExpires: now.Add(grant.ExpiresIn).UnixMilli(), RefreshExpires: now.Add(RefreshTokenLifetime).UnixMilli(),
		Rotated: now.UnixMilli()}
	raw, err := json.Marshal(next)
	if err != nil {
		return rec, t.failed(err)
	}
	version, err := t.storeRotated(ctx, fence, raw)
	switch {
	case err != nil:
		// The old refresh token is spent and the new one exists only
		// here: keep it, keep trying to store it, and say so loudly.
		t.orphan(next, fence, raw, fmt.Errorf("zalooa: the OA tokens were refreshed but could not be stored; the OA is locked out if this process stops before storage recovers: %w", err))
		return next, nil
	case version == 0:
		// Another process took the lock after ours ran out: it may have
		// spent the same token. Use the pair for this call only.
		_ = t.failed(errors.New("zalooa: the refresh lock ran out during a refresh; another process may have spent the same refresh token"))
		return next, nil
	}
	t.remember(next, version, nil)
	t.log.Info("zalooa: OA access token refreshed", "expires_in", grant.ExpiresIn, "version", version)
	return next, nil
}

// storeRotated stores a rotated pair, trying a few times: it is the only
// copy of a single-use token.
func (t *Tokens) storeRotated(ctx context.Context, fence int64, raw []byte) (int64, error) {
	var err error
	for try := range 3 {
		var version int64
		if version, err = t.store.Store(ctx, fence, raw); err == nil {
			return version, nil
		}
		if t.sleep(ctx, time.Duration(try+1)*time.Second) != nil {
			break
		}
	}
	return 0, err
}

// unlock releases the lock, whatever ctx says.
func (t *Tokens) unlock(ctx context.Context, fence int64) {
	if err := t.store.Unlock(context.WithoutCancel(ctx), fence); err != nil {
		t.log.Warn("zalooa: releasing the refresh lock", "error", err)
	}
}

// failed logs a failed refresh loudly, records it for Healthy, and
// returns it.
func (t *Tokens) failed(err error) error {
	t.log.Error("zalooa: OA token refresh failed", "error", err)
	t.fail(err)
	return err
}

// Seed stores a refresh token obtained from Zalo (an OA admin's
// authorisation) as the OA's pair and spends it at once on a fresh pair,
// so that a wrong token shows now and not at the first message. It waits
// for a refresh under way elsewhere to finish first.
func (t *Tokens) Seed(ctx context.Context, refreshToken string) error {
	if refreshToken == "" || len(refreshToken) > 4096 || strings.ContainsAny(refreshToken, " \t\r\n") {
		return errors.New("zalooa: the refresh token is empty, too long or contains spaces")
	}
	t.refreshing.Lock()
	defer t.refreshing.Unlock()
	fence, err := t.lockWait(ctx)
	if err != nil {
		return err
	}
	defer t.unlock(ctx, fence)
	seed := tokenRecord{Refresh: refreshToken, RefreshExpires: t.now().Add(RefreshTokenLifetime).UnixMilli()}
	raw, _ := json.Marshal(seed)
	version, err := t.store.Store(ctx, fence, raw)
	if err != nil || version == 0 {
		return errors.Join(errors.New("zalooa: storing the seed refresh token failed"), err)
	}
	t.remember(seed, version, ErrNoTokens)
	if _, err := t.rotate(ctx, fence, seed); err != nil {
		return err
	}
	return t.Healthy()
}

// lockWait takes the refresh lock, waiting up to raceWait for a holder.
func (t *Tokens) lockWait(ctx context.Context) (int64, error) {
	deadline := t.now().Add(raceWait)
	for {
		fence, err := t.store.Lock(ctx, RefreshLockTTL)
		if err != nil || fence > 0 {
			return fence, err
		}
		if !t.now().Before(deadline) {
			return 0, errors.New("zalooa: the refresh lock stayed taken")
		}
		if err := t.sleep(ctx, racePoll); err != nil {
			return 0, err
		}
	}
}
