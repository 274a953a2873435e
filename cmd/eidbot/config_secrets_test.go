package main

import (
	"strings"
	"testing"
)

// TestConfigRefusesWeakSecrets: serve refuses at start, with a message
// naming the variable, secrets an attacker could guess and a profiler
// other machines could reach; the README's table gives the same minimums.
func TestConfigRefusesWeakSecrets(t *testing.T) {
	tg := func(secret string) map[string]string {
		return map[string]string{"TELEGRAM_TOKEN": "1:x", "TELEGRAM_WEBHOOK_SECRET": secret}
	}
	for _, tc := range []struct {
		env  map[string]string
		want string // "" = accepted
	}{
		{tg("0123456789abcdef"), ""},
		{tg("0123456789abcde"), "TELEGRAM_WEBHOOK_SECRET"},
		{tg("s"), "TELEGRAM_WEBHOOK_SECRET"},
		{map[string]string{"EIDBOT_ADMIN_TOKEN": "3f9c1a7e5b2d8046c1e9a3f7"}, ""},
		{map[string]string{"EIDBOT_ADMIN_TOKEN": "3f9c1a7e5b2d8046c1e9a3f"}, "EIDBOT_ADMIN_TOKEN"},
		{map[string]string{"EIDBOT_ADMIN_TOKEN": strings.Repeat("a", 40)}, "EIDBOT_ADMIN_TOKEN"},
		{map[string]string{"EIDBOT_PPROF_ADDR": "127.0.0.1:6060"}, ""},
		{map[string]string{"EIDBOT_PPROF_ADDR": "[::1]:6060"}, ""},
		{map[string]string{"EIDBOT_PPROF_ADDR": "localhost:6060"}, ""},
		{map[string]string{"EIDBOT_PPROF_ADDR": ":6060"}, "EIDBOT_PPROF_ADDR"},
		{map[string]string{"EIDBOT_PPROF_ADDR": "0.0.0.0:6060"}, "EIDBOT_PPROF_ADDR"},
		{map[string]string{"EIDBOT_PPROF_ADDR": "10.0.0.5:6060"}, "EIDBOT_PPROF_ADDR"},
		{map[string]string{"EIDBOT_PPROF_ADDR": "6060"}, "EIDBOT_PPROF_ADDR"},
	} {
		_, err := LoadConfig(func(k string) string { return tc.env[k] })
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v: refused: %v", tc.env, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%v: error %v, want one naming %s", tc.env, err, tc.want)
		}
		for _, v := range tc.env {
			if err != nil && len(v) > 8 && !strings.Contains(v, ":") && strings.Contains(err.Error(), v) {
				t.Errorf("%v: the error shows the secret: %v", tc.env, err)
			}
		}
	}
}
