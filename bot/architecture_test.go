package bot_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/eidbot/eidbot"

// owners names the one package allowed to import each edge library.
var owners = map[string]string{
	"github.com/gofiber/fiber/v2":                        module + "/internal/httpserver",
	"github.com/go-telegram-bot-api/telegram-bot-api/v5": module + "/internal/telegram",
	"github.com/redis/go-redis/v9":                       module + "/internal/redisstore",
	"github.com/alicebob/miniredis/v2":                   module + "/internal/redisstore",
	"github.com/nicksnyder/go-i18n/v2":                   module + "/internal/i18n",
	// Metrics: the registry and exposition, and (in its tests only) the
	// PromQL parser that checks the Grafana dashboard's queries.
	"github.com/prometheus/client_golang": module + "/internal/metrics",
	"github.com/prometheus/prometheus":    module + "/internal/metrics",
	"github.com/prometheus/client_model":  module + "/internal/metrics",
	// chromedp drives Chromium in the web chat's browser tests only.
	"github.com/chromedp/chromedp": module + "/cmd/eidbot",
}

// testSupport are packages that only tests import; they may be used across
// internal/ because they are not part of the running program.
var testSupport = []string{module + "/internal/redistest", module + "/internal/telegram/fakeapi", module + "/bot/bottest"}

// subImports are what a bot sub-package may import beyond the standard
// library, bot and flows: understanding typed questions normalises Unicode
// with golang.org/x/text (docs/ARCHITECTURE.md).
var subImports = map[string][]string{module + "/bot/understand": {"golang.org/x/text"}}

// leaves are the small packages under internal/ that import only the
// standard library and that other internal packages may share, because
// copying their code to obey the import rule would be worse (a time zone,
// a JSON string escaper). internal/zalojson is one: both Zalo channels read
// Zalo's string-or-number fields with it. A package named here is held to
// importing the standard library only.
var leaves = []string{module + "/internal/zalojson"}

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
	Standard     bool
}

// TestImportRules enforces the layout of docs/ARCHITECTURE.md: imports point
// inward (cmd → internal/* → bot and its sub-packages → flows), packages
// under internal/ do not import each other except the named leaves,
// test-support packages stay in tests, and each edge library has exactly
// one importer.
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		checkPackage(t, p)
	}
}

func checkPackage(t *testing.T, p pkg) {
	for _, imp := range p.Imports {
		if why := forbidden(p.ImportPath, imp); why != "" {
			t.Errorf("%s imports %s: %s", p.ImportPath, imp, why)
		}
	}
	if slices.Contains(testSupport, p.ImportPath) {
		return // test support may drive a real Redis with go-redis
	}
	all := append(append(slices.Clone(p.Imports), p.TestImports...), p.XTestImports...)
	for _, imp := range all {
		for lib, owner := range owners {
			if (imp == lib || strings.HasPrefix(imp, lib+"/")) && !sameTree(p.ImportPath, owner) {
				t.Errorf("%s imports %s; only %s may", p.ImportPath, lib, owner)
			}
		}
	}
}

// forbidden says why package path may not import imp, or "" when it may.
// Imports point inward: cmd → internal/* → bot (and its sub-packages) →
// flows.
func forbidden(path, imp string) string {
	std := !strings.Contains(strings.Split(imp, "/")[0], ".")
	switch {
	case slices.Contains(testSupport, imp):
		return "a test-support package, for tests only"
	case path == module+"/bot" && !std && imp != module+"/flows":
		return "bot may import only the standard library and flows"
	case isBotSub(path) && !std && imp != module+"/bot" && imp != module+"/flows" && !extra(path, imp):
		return "a bot sub-package may import only the standard library, bot and flows"
	case path == module+"/flows" && !std && imp != "gopkg.in/yaml.v3":
		return "flows may import only the standard library and yaml.v3"
	case (path == module+"/locales" || slices.Contains(leaves, path)) && !std:
		return "it may import only the standard library"
	case isInternal(path) && isInternal(imp) && !sameTree(path, imp) && !slices.Contains(leaves, imp):
		return "packages under internal/ must not import each other (only the named leaves); wire them in cmd"
	case strings.HasPrefix(imp, module+"/cmd/"):
		return "nothing imports a command"
	}
	return ""
}

// extra reports whether sub-package path may import imp (subImports).
func extra(path, imp string) bool {
	for _, lib := range subImports[path] {
		if imp == lib || strings.HasPrefix(imp, lib+"/") {
			return true
		}
	}
	return false
}

func isInternal(path string) bool { return strings.HasPrefix(path, module+"/internal/") }

// isBotSub reports a feature or helper package under bot/.
func isBotSub(path string) bool { return strings.HasPrefix(path, module+"/bot/") }

// sameTree reports whether a and b are one package or one is inside the other.
func sameTree(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}

// TestImportRuleRefuses proves the rule can fail: each of these imports
// breaks the layout.
func TestImportRuleRefuses(t *testing.T) {
	for _, tc := range []struct{ from, imp string }{
		{"/bot", "/bot/appointment"},
		{"/bot", "/internal/i18n"},
		{"/bot/appointment", "/bot/committee"},
		{"/bot/committee", "/internal/redisstore"},
		{"/bot/roster", "gopkg.in/yaml.v3"},
		{"/bot/roster", "golang.org/x/text/width"},
		{"/flows", "/bot"},
		{"/internal/httpserver", "/internal/booking"},
		{"/internal/booking", "/bot/bottest"},
		{"/internal/telegram", "/cmd/eidbot"},
	} {
		if forbidden(module+tc.from, qualified(tc.imp)) == "" {
			t.Errorf("%s may import %s, which breaks the layout", tc.from, tc.imp)
		}
	}
	for _, tc := range []struct{ from, imp string }{
		{"/bot/appointment", "/bot"}, {"/internal/booking", "/bot"}, {"/internal/booking", "/flows"},
		{"/internal/httpserver", "/bot/roster"}, {"/bot", "/flows"}, {"/bot/understand", "golang.org/x/text/width"},
	} {
		if why := forbidden(module+tc.from, qualified(tc.imp)); why != "" {
			t.Errorf("%s may not import %s: %s", tc.from, tc.imp, why)
		}
	}
}

// qualified is an import path of this module written from its root
// ("/bot"), or any other path as it is.
func qualified(imp string) string {
	if strings.HasPrefix(imp, "/") {
		return module + imp
	}
	return imp
}
