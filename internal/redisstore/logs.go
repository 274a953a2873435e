package redisstore

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/redis/go-redis/v9"
)

// LogTo sends go-redis's own log lines (failed dials, pool trouble) to l at
// Warn level instead of stderr. go-redis has a single logger per process,
// so this is process-wide: main calls it once, before Open.
func LogTo(l *slog.Logger) { redis.SetLogger(slogPrinter{l}) }

// slogPrinter adapts a slog.Logger to go-redis's Printf-style logger.
type slogPrinter struct{ l *slog.Logger }

func (p slogPrinter) Printf(ctx context.Context, format string, v ...any) {
	p.l.WarnContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}
