package booking

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package pure domain logic: the standard library,
// yaml.v3, flows (for its Problem) and the bot core it implements
// (bot.Directory, the way a storage package implements its domain's
// service interface) or its sub-packages; no other internal package, no
// Redis, HTTP or Telegram client.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatalf("%s: import %s: %v", name, imp.Path.Value, err)
			}
			first, _, _ := strings.Cut(path, "/")
			core := path == "github.com/eidbot/eidbot/bot" || strings.HasPrefix(path, "github.com/eidbot/eidbot/bot/") ||
				path == "github.com/eidbot/eidbot/flows"
			if strings.Contains(first, ".") && path != "gopkg.in/yaml.v3" && !core {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
