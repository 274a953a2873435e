package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

// TestConfigZaloOA: the OA's variables are checked at start, every
// problem listed at once and no secret quoted; a complete set turns the
// channel on beside the others.
func TestConfigZaloOA(t *testing.T) {
	full := map[string]string{"ZALO_OA_APP_ID": "3141592653589793238", "ZALO_OA_SECRET_KEY": "oa-secret-key-value",
		"ZALO_OA_APP_SECRET": "app-secret-value", "EIDBOT_PUBLIC_URL": "https://bot.example.org"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		wantErr []string
	}{
		{"complete", full, nil},
		{"bound to an area, quota, buttons", with("ZALO_OA_AREA", "ben_thanh", "ZALO_OA_BROADCAST_QUOTA", "40", "ZALO_OA_BUTTONS", "on"), nil},
		{"no secrets", with("ZALO_OA_SECRET_KEY", "", "ZALO_OA_APP_SECRET", ""), []string{"ZALO_OA_SECRET_KEY", "required with ZALO_OA_APP_ID"}},
		{"no public URL", with("EIDBOT_PUBLIC_URL", ""), []string{"EIDBOT_PUBLIC_URL: required with ZALO_OA_APP_ID"}},
		{"secrets without an app", with("ZALO_OA_APP_ID", ""), []string{"is set but ZALO_OA_APP_ID is not"}},
		{"bad values", with("ZALO_OA_BROADCAST_QUOTA", "-1", "ZALO_OA_BUTTONS", "maybe", "ZALO_OA_API_URL", "ftp://x", "ZALO_OA_APP_ID", "84}x"),
			[]string{"ZALO_OA_BROADCAST_QUOTA", "ZALO_OA_BUTTONS", "ZALO_OA_API_URL", "ZALO_OA_APP_ID"}},
	} {
		cfg, err := LoadConfig(env(tc.env))
		if len(tc.wantErr) == 0 {
			if err != nil || !cfg.ZaloOA() || !slices.Contains(cfg.Channels(), bot.ChannelZaloOA) {
				t.Errorf("%s: %v, channels %v", tc.name, err, cfg.Channels())
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, want := range tc.wantErr {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q lacks %q", tc.name, err, want)
			}
		}
		for _, secret := range []string{"oa-secret-key-value", "app-secret-value"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: the error quotes a secret: %v", tc.name, err)
			}
		}
	}
}
