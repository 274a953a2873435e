package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/flows"
)

// copyFS writes every file of fsys under dir.
func copyFS(t *testing.T, fsys fs.FS, dir string) {
	t.Helper()
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFlowsCheckValidatesTopicWiring: `flows check --dir` on the shipped
// flows with a topics file whose answers point nowhere reports each
// broken target, command and audience at its line.
func TestFlowsCheckValidatesTopicWiring(t *testing.T) {
	dir := t.TempDir()
	copyFS(t, flows.Embedded(), dir)
	copyFS(t, flows.EmbeddedQuestions(), dir)
	getenv := func(string) string { return "" }
	var out, errOut bytes.Buffer
	if err := checkFlows(dir, getenv, &out, &errOut); err != nil {
		t.Fatalf("the shipped files fail: %v\n%s", err, errOut.String())
	}

	path := filepath.Join(dir, "questions", "topics.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.NewReplacer(
		"answer: problems.lost_card", "answer: problems.nowhere",
		`answer: "@integrate"`, `answer: "@nosuchflow"`,
		"answer: /myappointment", "answer: /nosuchcommand",
	).Replace(string(data))
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	errOut.Reset()
	if err := checkFlows(dir, getenv, &out, &errOut); !errors.Is(err, errProblems) {
		t.Fatalf("broken targets pass: %v", err)
	}
	for _, want := range []string{
		`questions/topics.yaml:`,
		`topic "lost_card": unknown step "nowhere" in flow "problems"`,
		`topic "integrate": unknown flow "@nosuchflow"`,
		`topic "appointment": unknown command "/nosuchcommand"`,
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, errOut.String())
		}
	}

	// An audience the engine does not know is a problem of the file itself.
	bad := strings.Replace(string(data), "{citizen: documents.c1, foreigner: documents.f1,", "{citizen: documents.c1, tourist: documents.f1,", 1)
	if bad == string(data) {
		t.Fatal("the topics file no longer has the answer this test changes")
	}
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	errOut.Reset()
	if err := checkFlows(dir, getenv, &out, &errOut); !errors.Is(err, errProblems) || !strings.Contains(errOut.String(), `unknown audience "tourist"`) {
		t.Fatalf("an unknown audience passes: %v\n%s", err, errOut.String())
	}
}
