package main

import (
	"strings"
	"testing"

	"github.com/eidbot/eidbot/internal/redisstore"
)

// REDIS_MODE picks how REDIS_URL is read; the URL is checked against that
// mode's form, every problem is listed at once, and no message shows a
// password.
func TestConfigRedisModes(t *testing.T) {
	for _, tc := range []struct {
		env     map[string]string
		mode    redisstore.Mode
		wantErr []string
	}{
		{env: map[string]string{}, mode: redisstore.ModeSingle},
		{env: map[string]string{"REDIS_URL": "redis://:pw@r:6379/0"}, mode: redisstore.ModeSingle},
		{env: map[string]string{"REDIS_MODE": "sentinel", "REDIS_URL": "redis://su:spw@s1:26379?master_name=eid&addr=s2:26379&password=mpw"},
			mode: redisstore.ModeSentinel},
		{env: map[string]string{"REDIS_MODE": "cluster", "REDIS_URL": "redis://n1:7000?addr=n2:7000&addr=n3:7000"},
			mode: redisstore.ModeCluster},
		{env: map[string]string{"REDIS_URL": "redis://n1:7000?addr=n2:7000"}, wantErr: []string{"REDIS_URL (REDIS_MODE=single", "addr"}},
		{env: map[string]string{"REDIS_MODE": "sentinel", "REDIS_URL": "redis://u:s3cret@s1:26379?addr=s2:1&password=s3cret"},
			wantErr: []string{"master_name"}},
		{env: map[string]string{"REDIS_MODE": "cluster"}, wantErr: []string{"REDIS_MODE=cluster needs REDIS_URL"}},
		{env: map[string]string{"REDIS_MODE": "ring", "EIDBOT_BROADCAST_RATE": "99"},
			wantErr: []string{"REDIS_MODE: single (default), sentinel or cluster", "EIDBOT_BROADCAST_RATE"}},
		{env: map[string]string{"REDIS_MODE": "cluster", "REDIS_URL": "http://n1"}, wantErr: []string{"REDIS_URL: want redis://", "addr=node2"}},
	} {
		c, err := LoadConfig(func(k string) string { return tc.env[k] })
		if len(tc.wantErr) == 0 {
			if err != nil || c.RedisMode != tc.mode {
				t.Errorf("%v: mode %q, err %v; want %q", tc.env, c.RedisMode, err, tc.mode)
			}
			continue
		}
		if err == nil {
			t.Errorf("%v: accepted", tc.env)
			continue
		}
		for _, want := range tc.wantErr {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%v: error %q lacks %q", tc.env, err, want)
			}
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%v: error shows the password: %v", tc.env, err)
		}
	}
}
