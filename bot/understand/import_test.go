package understand_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports keeps the package at the edge docs/ARCHITECTURE.md gives it: the
// standard library, golang.org/x/text, flows and bot (Index.Read is a
// bot.Reader), nothing else.
func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "github.com/eidbot/eidbot/bot/understand").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		std := !strings.Contains(strings.Split(imp, "/")[0], ".")
		if !std && !strings.HasPrefix(imp, "golang.org/x/text/") && imp != "github.com/eidbot/eidbot/flows" && imp != "github.com/eidbot/eidbot/bot" {
			t.Errorf("understand imports %s", imp)
		}
	}
}
