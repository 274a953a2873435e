package bottest

import (
	"context"
	"testing"
	"time"
)

// contractCtx bounds one case of a contract suite, so a store that hangs
// fails the test instead of stalling it.
func contractCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// must fails the test when a setup step returns an error.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
