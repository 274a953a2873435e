package redisstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestCheckURLPerMode(t *testing.T) {
	for _, tc := range []struct {
		mode redisstore.Mode
		url  string
		ok   bool
	}{
		{redisstore.ModeSingle, "redis://user:pw@localhost:6379/2", true},
		{redisstore.ModeSingle, "redis://a:1?addr=b:2", false}, // addr is for the other modes
		{redisstore.ModeSentinel, "redis://su:spw@s1:26379?master_name=eid&addr=s2:26379&password=mpw", true},
		{redisstore.ModeSentinel, "redis://s1:26379?addr=s2:26379", false}, // no master_name
		{redisstore.ModeCluster, "redis://n1:7000?addr=n2:7001&addr=n3:7002", true},
		{redisstore.ModeCluster, "redis://n1:7000?master_name=eid", false},
		{"ring", "redis://n1:7000", false},
	} {
		err := redisstore.CheckURL(tc.mode, tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("CheckURL(%s, %s) = %v, want ok %v", tc.mode, tc.url, err, tc.ok)
		}
	}
}

// No error shows a password: neither the user info's nor a password query
// parameter's (Sentinel mode's password for the master).
func TestURLErrorsHidePasswords(t *testing.T) {
	for _, tc := range []struct {
		mode redisstore.Mode
		url  string
	}{
		{redisstore.ModeSingle, "redis://u:s3cretA@localhost:1?bogus=1"},
		{redisstore.ModeSentinel, "redis://u:s3cretA@localhost:1?addr=h:2&password=s3cretB&bogus=s3cretB"},
		{redisstore.ModeCluster, "redis://u:s3cretA@localhost:1?password=s3cretB"},
		{redisstore.ModeSentinel, "redis://u:s3cretA@localhost:1?password=s3cretB&max_retries=s3cretB"},
	} {
		err := redisstore.CheckURL(tc.mode, tc.url)
		if err == nil {
			t.Fatalf("CheckURL(%s) accepted a bad URL", tc.mode)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: error shows a password: %v", tc.mode, err)
		}
	}
	for _, mode := range []redisstore.Mode{redisstore.ModeSingle, redisstore.ModeCluster} {
		_, err := redisstore.Open(context.Background(), "redis://u:s3cretA@127.0.0.1:1", redisstore.Options{Mode: mode})
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open in %s mode on a closed port: %v", mode, err)
		}
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]redisstore.Mode{"": redisstore.ModeSingle, "Cluster": redisstore.ModeCluster,
		" sentinel ": redisstore.ModeSentinel, "single": redisstore.ModeSingle} {
		if got, err := redisstore.ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := redisstore.ParseMode("ring"); err == nil {
		t.Error("ParseMode accepted ring")
	}
}
