package redisstore

import (
	"regexp"
	"strings"
	"testing"
)

// helperKeyParams are the parameters of the library files' helpers
// that carry a key; the scripts pass them KEYS[...] only.
var helperKeyParams = map[string]bool{
	"key": true, "slot": true, "waiting": true, "leased": true, "counts": true,
	"record": true, "audience": true, "req": true, "owned": true, "pointer": true,
	"stream": true,
}

// keylessCommands take no key.
var keylessCommands = map[string]bool{"TIME": true}

var (
	callPattern = regexp.MustCompile(`redis\.p?call\(([^)]*)\)`)
	keyArg      = regexp.MustCompile(`^KEYS\[[^\]]+\]$`)
)

// Every Lua script touches only keys it was given in KEYS: each
// redis.call names its key as KEYS[...] (or a helper's parameter, which
// the scripts fill from KEYS), never a string it builds. Together with the
// callers passing keys of one hash tag (checked on a real cluster by
// TestContractOnCluster, where a script whose KEYS span two slots fails
// with CROSSSLOT), this keeps each script on one slot of one master.
func TestLuaScriptsDeclareTheirKeys(t *testing.T) {
	entries, err := luaFiles.ReadDir("lua")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for _, e := range entries {
		src, err := luaFiles.ReadFile("lua/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		calls += len(callPattern.FindAllString(string(src), -1))
		for _, bad := range undeclaredKeys(string(src)) {
			t.Errorf("%s: %s", e.Name(), bad)
		}
	}
	if calls < 100 {
		t.Fatalf("found only %d redis.call in the scripts: the pattern is broken", calls)
	}
	// The check itself catches a built key and an undeclared second key.
	bad := "redis.call('GET', 'eid:{bk}:x')\nredis.call('DEL', KEYS[1], ARGV[1] .. ':y')\n"
	if got := undeclaredKeys(bad); len(got) != 2 {
		t.Fatalf("undeclaredKeys of a bad script found %v, want 2 problems", got)
	}
}

// undeclaredKeys lists the calls of src that touch a key not from KEYS.
func undeclaredKeys(src string) []string {
	var out []string
	for _, m := range callPattern.FindAllStringSubmatch(src, -1) {
		args := splitArgs(m[1])
		cmd := strings.ToUpper(strings.Trim(args[0], `'"`))
		if keylessCommands[cmd] {
			continue
		}
		keys := args[1:min(2, len(args))]
		switch cmd {
		case "XGROUP": // XGROUP CREATE key group ...
			keys = args[2:3]
		case "DEL": // every argument is a key
			keys = args[1:]
		}
		for _, k := range keys {
			if !keyArg.MatchString(k) && !helperKeyParams[k] {
				out = append(out, m[0]+" touches "+k+", not a key from KEYS")
			}
		}
	}
	return out
}

// splitArgs splits a call's arguments at top-level commas.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
