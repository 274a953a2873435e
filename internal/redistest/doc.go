// Package redistest starts throwaway redis-server processes for tests.
//
// Every test that needs Redis calls Start, which runs Debian's redis-server
// binary on a free 127.0.0.1 port inside t.TempDir and stops it when the test
// ends. It never talks to a Redis it did not start, so a developer's own
// Redis on 6379 is safe from go test. The one exception is the environment
// variable TEST_REDIS_URL: when it is set, Start uses that server instead and
// FLUSHES ITS DATABASE at the start of every test. Point it only at a
// database you are happy to lose, and run go test with -p 1 against it,
// because the test binaries of different packages run in parallel and would
// flush each other's data.
//
// The package is imported only by _test.go files. It imports go-redis for
// its convenience client; production code talks to Redis only through
// internal/redisstore.
package redistest
