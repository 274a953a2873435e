package redistest_test

import (
	"context"
	"os"
	"testing"

	"github.com/redis/go-redis/v9"
)

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	// The failover tests kill servers on purpose; go-redis would log every
	// refused dial.
	redis.SetLogger(quiet{})
	os.Exit(m.Run())
}
