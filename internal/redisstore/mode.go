package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Mode says how a Redis URL is read and which of go-redis's own clients
// talks to Redis.
type Mode string

// The modes Open knows.
const (
	// ModeSingle is one Redis server (redis.ParseURL, redis.NewClient):
	// redis://[user:password@]host:port[/db].
	ModeSingle Mode = "single"
	// ModeSentinel is a master found through Redis Sentinel
	// (redis.ParseFailoverURL, redis.NewFailoverClient):
	// redis://[sentinel-user:sentinel-password@]sentinel:port?master_name=m&addr=sentinel2:port&password=…
	// The user info authenticates to the sentinels; the username and
	// password query parameters to the master and its replicas.
	ModeSentinel Mode = "sentinel"
	// ModeCluster is a Redis Cluster (redis.ParseClusterURL,
	// redis.NewClusterClient): redis://[user:password@]node:port?addr=node2:port&addr=node3:port.
	ModeCluster Mode = "cluster"
)

// ParseMode reads a mode name; "" is ModeSingle.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case "":
		return ModeSingle, nil
	case ModeSingle, ModeSentinel, ModeCluster:
		return m, nil
	}
	return "", fmt.Errorf("redisstore: Redis mode %.20q is not single, sentinel or cluster", s)
}

// CheckURL parses rawURL as mode reads it, without connecting, and
// returns the problem, if any, without the password.
func CheckURL(mode Mode, rawURL string) error {
	_, err := newClientOptions(mode, rawURL)
	return err
}

// clientOptions is what newClientOptions parsed: exactly one field is set.
type clientOptions struct {
	single   *redis.Options
	failover *redis.FailoverOptions
	cluster  *redis.ClusterOptions
}

// newClientOptions parses rawURL with the go-redis parser of mode and
// applies eidbot's tuning. Errors never contain the password.
func newClientOptions(mode Mode, rawURL string) (clientOptions, error) {
	if _, err := url.Parse(rawURL); err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return clientOptions{}, fmt.Errorf("redisstore: the Redis URL is not a valid URL (not shown, it may hold a password): %s",
			scrub(err.Error(), rawURL))
	}
	var co clientOptions
	var err error
	switch mode {
	case ModeSingle, "":
		co.single, err = redis.ParseURL(rawURL)
		if err == nil {
			tune(co.single)
		}
	case ModeSentinel:
		co.failover, err = redis.ParseFailoverURL(rawURL)
		if err == nil && co.failover.MasterName == "" {
			err = errors.New("sentinel mode needs master_name=<name> in the URL")
		}
		if err == nil {
			tuneFailover(co.failover)
		}
	case ModeCluster:
		co.cluster, err = redis.ParseClusterURL(rawURL)
		if err == nil {
			tuneCluster(co.cluster)
		}
	default:
		err = fmt.Errorf("unknown mode %.20q", mode)
	}
	if err != nil {
		return clientOptions{}, errors.New(scrub(fmt.Sprintf("redisstore: bad Redis URL %s for mode %s: %s",
			redact(rawURL), mode, err), rawURL))
	}
	return co, nil
}

// client builds the go-redis client for the parsed options.
func (co clientOptions) client() redis.UniversalClient {
	switch {
	case co.failover != nil:
		return redis.NewFailoverClient(co.failover)
	case co.cluster != nil:
		cc := redis.NewClusterClient(co.cluster)
		cc.AddHook(reloadOnError{cc})
		return cc
	}
	return redis.NewClient(co.single)
}

// redact returns the URL with every password replaced by "xxxxx": the one
// in the user info and any query parameter whose name mentions a password.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	q := u.Query()
	changed := false
	for k := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			q[k] = []string{"xxxxx"}
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// secrets returns the passwords rawURL carries.
func secrets(rawURL string) []string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	var out []string
	if p, ok := u.User.Password(); ok && p != "" {
		out = append(out, p)
	}
	for k, vs := range u.Query() {
		if strings.Contains(strings.ToLower(k), "password") {
			for _, v := range vs {
				if v != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// scrub removes the URL and every password it holds from a message.
func scrub(msg, rawURL string) string {
	msg = strings.ReplaceAll(msg, rawURL, redact(rawURL))
	for _, s := range secrets(rawURL) {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return msg
}

// The tuning shared by every mode: timeouts that fail fast enough for a
// webhook to answer 503 while Telegram is still waiting, command retries
// (safe: every write here is retry-proof), and no maintenance
// notifications, which a self-hosted Redis does not send.
const (
	dialTimeout  = 2 * time.Second
	readTimeout  = time.Second
	writeTimeout = time.Second
	poolTimeout  = 2 * time.Second
	retries      = 2
)

func noMaint() *maintnotifications.Config {
	return &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
}

// tune applies the tuning to a single server's options.
func tune(o *redis.Options) *redis.Options {
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.PoolTimeout = dialTimeout, readTimeout, writeTimeout, poolTimeout
	o.ContextTimeoutEnabled = true // a request's own deadline wins
	o.DialerRetries = retries      // then the command-level retries take over
	o.MaxRetries = retries
	o.MaintNotificationsConfig = noMaint()
	return o
}

// tuneFailover applies the tuning to a Sentinel client. Every command goes
// to the master (no replica reads): a replica may lag behind a write the
// bot just made.
func tuneFailover(o *redis.FailoverOptions) {
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.PoolTimeout = dialTimeout, readTimeout, writeTimeout, poolTimeout
	o.ContextTimeoutEnabled = true
	o.DialerRetries = retries
	o.MaxRetries = retries
	o.ReplicaOnly, o.RouteByLatency, o.RouteRandomly = false, false, false
}

// tuneCluster applies the tuning to a Cluster client. Reads go to masters
// too, for the same reason.
func tuneCluster(o *redis.ClusterOptions) {
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.PoolTimeout = dialTimeout, readTimeout, writeTimeout, poolTimeout
	o.ContextTimeoutEnabled = true
	o.DialerRetries = retries
	o.MaxRetries = retries
	o.ReadOnly, o.RouteByLatency, o.RouteRandomly = false, false, false
	o.MaintNotificationsConfig = noMaint()
}

// reloadOnError makes a cluster client reload its slot map after a failed
// command. go-redis reloads it by itself on MOVED and ASK, and every 10
// seconds, but not when a master refuses connections because it died: the
// client would keep dialling the dead master until the next periodic
// reload, long after a replica took over. ReloadState is lazy and
// coalesced, so calling it on every error costs little.
type reloadOnError struct{ cc *redis.ClusterClient }

func (h reloadOnError) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h reloadOnError) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		h.after(err)
		return err
	}
}

func (h reloadOnError) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		h.after(err)
		return err
	}
}

// after reloads the slot map unless err is no failure at all (nil, a
// missing key) or a script the node has yet to load.
func (h reloadOnError) after(err error) {
	if err == nil || errors.Is(err, redis.Nil) || errors.Is(err, context.Canceled) ||
		strings.HasPrefix(err.Error(), "NOSCRIPT") {
		return
	}
	h.cc.ReloadState(context.Background())
}
