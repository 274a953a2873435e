package redisstore

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"

	"github.com/redis/go-redis/v9"
)

// Observer is told, for an operator's metrics, what the Store sees
// (internal/metrics implements it; Options.Observer wires it). Its
// methods run on the path of every command: they must be cheap, must not
// block, and must be safe for concurrent use.
type Observer interface {
	// ObserveRedisError is told of each command or pipeline that failed,
	// by kind (the Error* constants). A missing key, a script not yet
	// cached (go-redis loads it and runs it again) and a cancelled caller
	// are not errors.
	ObserveRedisError(kind string)
	// ObserveFailover is told when the Store finds its master at a new
	// address: a new connection to the master (single mode, where a
	// managed Redis moves its name; Sentinel, which names the master)
	// reaches another server than the one before. On a Cluster, go-redis
	// follows the slot map itself; a failover shows there as errors of
	// kind ErrorConnection and ErrorCluster.
	ObserveFailover()
	// ObserveBooking is told of each booking change written now (never a
	// replay of a request seen before): BookingMade, BookingMoved or
	// BookingCancelled.
	ObserveBooking(change string)
	// ObserveVisit is told of each home-visit request change written now
	// (never a replay of a request seen before): VisitRequested, or the
	// request's new status (bot.VisitAccepted, bot.VisitDeclined,
	// bot.VisitCancelled).
	ObserveVisit(change string)
}

// The kinds of Redis error an Observer is told.
const (
	ErrorTimeout    = "timeout"    // no answer in time
	ErrorConnection = "connection" // refused, reset or closed connections
	ErrorReadOnly   = "readonly"   // a write reached a replica: a master was demoted
	ErrorLoading    = "loading"    // the server is loading its data set
	ErrorOOM        = "oom"        // the server is out of memory (maxmemory)
	ErrorCluster    = "cluster"    // CLUSTERDOWN, TRYAGAIN, MASTERDOWN, an unfollowed MOVED or ASK
	ErrorOther      = "other"      // anything else (a script error, a wrong type)
)

// The booking changes an Observer is told.
const (
	BookingMade      = "made"
	BookingMoved     = "moved"
	BookingCancelled = "cancelled"
)

// VisitRequested is the home-visit change of a new request.
const VisitRequested = "requested"

// errorKind names a Redis error for ObserveRedisError, or "" when it is
// no failure of Redis.
func errorKind(err error) string {
	var netErr net.Error
	_, moved := redis.IsMovedError(err)
	_, ask := redis.IsAskError(err)
	switch {
	case err == nil || errors.Is(err, redis.Nil) || errors.Is(err, context.Canceled) ||
		redis.HasErrorPrefix(err, "NOSCRIPT"):
		return ""
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return ErrorTimeout
	case redis.IsReadOnlyError(err):
		return ErrorReadOnly
	case redis.IsLoadingError(err):
		return ErrorLoading
	case redis.IsOOMError(err):
		return ErrorOOM
	case redis.IsClusterDownError(err) || redis.IsTryAgainError(err) || redis.IsMasterDownError(err) || moved || ask:
		return ErrorCluster
	case errors.As(err, &netErr) || errors.Is(err, redis.ErrClosed) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return ErrorConnection
	}
	return ErrorOther
}

// observerHook is the go-redis hook that tells an Observer of errors and
// of a master at a new address.
type observerHook struct {
	obs     Observer
	tracked bool // whether dials reach the master (not on a Cluster)

	mu     sync.Mutex
	master string // the address the last connection reached
}

// DialHook notes where each new connection landed.
func (h *observerHook) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := next(ctx, network, addr)
		if err != nil || !h.tracked {
			return conn, err
		}
		at := conn.RemoteAddr().String()
		h.mu.Lock()
		moved := h.master != "" && h.master != at
		h.master = at
		h.mu.Unlock()
		if moved {
			h.obs.ObserveFailover()
		}
		return conn, err
	}
}

// ProcessHook tells of a failed command.
func (h *observerHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if kind := errorKind(err); kind != "" {
			h.obs.ObserveRedisError(kind)
		}
		return err
	}
}

// ProcessPipelineHook tells of a failed pipeline, once.
func (h *observerHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		if setup(cmds) {
			return err // go-redis's own handshake: it tolerates an older server's refusals
		}
		if kind := errorKind(err); kind != "" {
			h.obs.ObserveRedisError(kind)
		}
		return err
	}
}

// setup reports the pipeline go-redis sends on each new connection
// (HELLO, AUTH, SELECT, CLIENT SETINFO …), whose errors it handles
// itself: a server before 7.2 refuses CLIENT SETINFO, and that is fine.
func setup(cmds []redis.Cmder) bool {
	for _, c := range cmds {
		switch c.Name() {
		case "hello", "auth", "select", "client", "readonly":
		default:
			return false
		}
	}
	return len(cmds) > 0
}

// observe adds the Observer's hook to the client, if there is an Observer.
func observe(rdb redis.UniversalClient, obs Observer) {
	if obs == nil {
		return
	}
	_, cluster := rdb.(*redis.ClusterClient)
	rdb.AddHook(&observerHook{obs: obs, tracked: !cluster})
}

// observeBooking tells the Observer, if any, of a booking change.
func (st *Store) observeBooking(change string) {
	if st.opts.Observer != nil {
		st.opts.Observer.ObserveBooking(change)
	}
}

// observeVisit tells the Observer, if any, of a home-visit change.
func (st *Store) observeVisit(change string) {
	if st.opts.Observer != nil {
		st.opts.Observer.ObserveVisit(change)
	}
}
