package bottest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// update is the -update flag of every test binary that uses golden files:
// go test ./bot/... -update rewrites them.
var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/golden")

// Golden compares transcripts with the files of one directory, one
// <name>.txt per transcript, so that a reviewer reads the conversations
// as people see them. A file that no transcript of the package names any
// more is stale: Stale fails for it.
type Golden struct {
	dir   string
	names map[string]bool
}

// NewGolden returns the golden files of dir (usually testdata/golden).
func NewGolden(dir string) *Golden { return &Golden{dir: dir, names: map[string]bool{}} }

// Run runs fn as subtest name and compares the transcript it returns with
// <dir>/<name>.txt; with -update it writes the file instead. The name
// counts as written even when -run skips the subtest, so Stale only sees
// files no test writes.
func (g *Golden) Run(t *testing.T, name string, fn func(t *testing.T) string) {
	t.Helper()
	if g.names[name] {
		t.Fatalf("golden transcript %q is named twice", name)
	}
	g.names[name] = true
	t.Run(name, func(t *testing.T) {
		got := fn(t)
		path := filepath.Join(g.dir, name+".txt")
		if *update {
			if err := os.MkdirAll(g.dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -update writes it)", err)
		}
		if got != string(want) {
			t.Errorf("transcript differs from %s (go test -update rewrites it):\n%s", path, diff(string(want), got))
		}
	})
}

// Stale fails t for every .txt file in the directory that no Run named;
// with -update it removes them. Call it after the last Run.
func (g *Golden) Stale(t *testing.T) {
	t.Helper()
	stale, err := g.stale()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range stale {
		path := filepath.Join(g.dir, name)
		if *update {
			if err := os.Remove(path); err != nil {
				t.Error(err)
			}
			continue
		}
		t.Errorf("%s: no test writes this golden transcript any more (go test -update removes it)", path)
	}
}

// stale lists the files of the directory no Run named, sorted.
func (g *Golden) stale() ([]string, error) {
	entries, err := os.ReadDir(g.dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".txt")
		if !e.IsDir() && ok && !g.names[name] {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out, nil
}

// diff shows the first differing line with some context.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, wl, gl)
		}
	}
	return "(no difference)"
}
