package redisstore_test

import (
	"log/slog"
	"os"
	"testing"

	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestMain(m *testing.M) {
	// The tests stop Redis on purpose; go-redis would log every refused dial.
	redisstore.LogTo(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}
