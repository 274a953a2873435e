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
}

// testSupport are packages that only tests import; they may be used across
// internal/ because they are not part of the running program.
var testSupport = []string{module + "/internal/redistest", module + "/internal/telegram/fakeapi"}

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
	Standard     bool
}

// TestImportRules enforces the layout of ARCHITECTURE.md: imports point
// inward (cmd → internal/* → bot → flows), packages under internal/ do not
// import each other, and each edge library has exactly one importer.
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
	own := func(imp string) bool { return strings.HasPrefix(imp, module+"/") || imp == module }
	std := func(imp string) bool { return !strings.Contains(strings.Split(imp, "/")[0], ".") }
	for _, imp := range p.Imports {
		switch {
		case p.ImportPath == module+"/bot" && !std(imp) && imp != module+"/flows":
			t.Errorf("bot may import only the standard library and flows, not %s", imp)
		case p.ImportPath == module+"/flows" && !std(imp) && imp != "gopkg.in/yaml.v3":
			t.Errorf("flows may import only the standard library and yaml.v3, not %s", imp)
		case p.ImportPath == module+"/locales" && !std(imp):
			t.Errorf("locales may import only the standard library, not %s", imp)
		case isInternal(p.ImportPath) && isInternal(imp) && !sameTree(p.ImportPath, imp):
			t.Errorf("%s imports %s: packages under internal/ must not import each other; wire them in cmd", p.ImportPath, imp)
		case slices.Contains(testSupport, imp):
			t.Errorf("%s imports the test-support package %s outside tests", p.ImportPath, imp)
		case (p.ImportPath == module+"/bot" || p.ImportPath == module+"/flows") && own(imp) && strings.Contains(imp, "/internal/"):
			t.Errorf("%s must not import %s: imports point inward", p.ImportPath, imp)
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

func isInternal(path string) bool { return strings.HasPrefix(path, module+"/internal/") }

// sameTree reports whether a and b are one package or one is inside the other.
func sameTree(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}
