package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// untouchable is an environment and an input that fail the test when
// anything reads them: what a command may not do before its command line
// has parsed.
func untouchable(t *testing.T) (func(string) string, io.Reader) {
	getenv := func(k string) string {
		t.Errorf("the environment was read (%s)", k)
		return ""
	}
	return getenv, failReader{t}
}

type failReader struct{ t *testing.T }

func (r failReader) Read([]byte) (int, error) {
	r.t.Error("stdin was read")
	return 0, io.EOF
}

// helpForms are the ways to ask for a command's usage.
func helpForms(name string) [][]string {
	words := strings.Fields(name)
	return [][]string{
		append(append([]string{}, words...), "--help"),
		append(append([]string{}, words...), "-h"),
		append(append([]string{}, words...), "-help"),
		append([]string{"help"}, words...),
	}
}

// TestHelpEveryCommand: every command and "help" form prints the usage to
// stdout and succeeds without reading the environment or stdin, so it works
// with any configuration and starts nothing.
func TestHelpEveryCommand(t *testing.T) {
	cmds := commands()
	if len(cmds) < 12 {
		t.Fatalf("only %d commands", len(cmds))
	}
	cases := map[string][][]string{
		"usage: eidbot <command>":     {{"--help"}, {"-h"}, {"-help"}, {"help"}, {"help", "--help"}, {"help", "help"}},
		"usage: eidbot flows check":   {{"flows", "--help"}, {"help", "flows"}},
		"usage: eidbot bookings veri": {{"bookings", "-h"}, {"help", "bookings"}},
	}
	for _, cmd := range cmds {
		cases["usage: eidbot "+cmd.name] = append(cases["usage: eidbot "+cmd.name], helpForms(cmd.name)...)
	}
	for want, forms := range cases {
		for _, args := range forms {
			getenv, stdin := untouchable(t)
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // nothing may wait on anything either
			err := run(ctx, args, getenv, stdin, &stdout, &stderr)
			if err != nil || !strings.HasPrefix(stdout.String(), want) || stderr.Len() > 0 {
				t.Errorf("eidbot %s: error %v, stderr %q, stdout:\n%s\nwant it to start with %q",
					strings.Join(args, " "), err, stderr.String(), stdout.String(), want)
			}
		}
	}
}

// TestCommandUsage: each command's usage names its flags, and the list of
// commands names every command.
func TestCommandUsage(t *testing.T) {
	var list bytes.Buffer
	if err := run(context.Background(), []string{"help"}, nil, nil, &list, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range commands() {
		if cmd.summary == "" || !strings.Contains(list.String(), "\n  "+cmd.name+" ") {
			t.Errorf("%q is missing from the list of commands (or has no summary):\n%s", cmd.name, list.String())
		}
	}
	for name, flags := range map[string][]string{
		"chat":             {"-lang", "-chat"},
		"set-webhook":      {"-url", "-max-connections"},
		"appointments":     {"-point", "-date", "-format"},
		"flows check":      {"-dir"},
		"questions report": {"-min-chats", "-days"},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"help", name}, nil, nil, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		for _, f := range flags {
			if !strings.Contains(out.String(), "  "+f+" ") {
				t.Errorf("help %s does not describe %s:\n%s", name, f, out.String())
			}
		}
	}
}

// TestUsageErrors: a command line that does not parse is a usage error
// (exit status 2, the usage on stderr), found before the environment is
// read.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		want  string // in the error
		usage string // the usage that comes with it
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`, "usage: eidbot <command>"},
		{[]string{"--frobnicate"}, `unknown command "--frobnicate"`, "usage: eidbot <command>"},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`, "usage: eidbot <command>"},
		{[]string{"flows"}, `"flows" needs a subcommand`, "usage: eidbot flows check"},
		{[]string{"flows", "lint"}, `unknown command "flows lint"`, "usage: eidbot flows check"},
		{[]string{"bookings", "check"}, `unknown command "bookings check"`, "usage: eidbot bookings verify"},
		{[]string{"chat", "--lang", "xx"}, `--lang "xx"`, "usage: eidbot chat"},
		{[]string{"chat", "--lang", "english"}, `--lang "english"`, "usage: eidbot chat"},
		{[]string{"chat", "--frobnicate"}, "flag provided but not defined: -frobnicate", "usage: eidbot chat"},
		{[]string{"chat", "extra"}, `unexpected argument "extra"`, "usage: eidbot chat"},
		{[]string{"serve", "now"}, `unexpected argument "now"`, "usage: eidbot serve"},
		{[]string{"probe"}, "missing URL", "usage: eidbot probe URL"},
		{[]string{"flows", "graph"}, "missing FLOW", "usage: eidbot flows graph"},
		{[]string{"flows", "graph", "booking", "--lang", "fr"}, `unknown language "fr"`, "usage: eidbot flows graph"},
		{[]string{"flows", "graph", "nope"}, `no flow "nope"`, "usage: eidbot flows graph"},
		{[]string{"set-webhook"}, "--url must be an https:// URL", "usage: eidbot set-webhook"},
		{[]string{"set-webhook", "--url", "https://x.org/hook", "--max-connections", "0"}, "--max-connections", "usage: eidbot set-webhook"},
		{[]string{"set-webhook", "--max-connections", "many"}, "invalid value", "usage: eidbot set-webhook"},
		{[]string{"appointments", "--point", "p"}, "--point and --date are required", "usage: eidbot appointments"},
		{[]string{"appointments", "--point", "p", "--date", "24/11/2026"}, "want YYYY-MM-DD", "usage: eidbot appointments"},
		{[]string{"version", "--short"}, "flag provided but not defined: -short", "usage: eidbot version"},
		{[]string{"zalo-oa", "token", "rt-typed-on-the-command-line"}, "never from the command line", "usage: eidbot zalo-oa token"},
		{[]string{"questions"}, `"questions" needs a subcommand`, "usage: eidbot questions report"},
		{[]string{"questions", "report", "--min-chats", "2"}, "--min-chats 2: a question is printed only once at least 3 chats asked it", "usage: eidbot questions report"},
		{[]string{"questions", "report", "--days", "31"}, "--days 31: questions are kept for 30 days", "usage: eidbot questions report"},
		{[]string{"questions", "report", "--days", "0"}, "--days 0", "usage: eidbot questions report"},
	} {
		getenv, stdin := untouchable(t)
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, getenv, stdin, &stdout, &stderr)
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(ue.err.Error(), tc.want) || !strings.HasPrefix(ue.usage, tc.usage) {
			t.Errorf("eidbot %s: error %v, want a usage error mentioning %q with %q", strings.Join(tc.args, " "), err, tc.want, tc.usage)
			continue
		}
		if code := report(err, &stderr); code != 2 || !strings.Contains(stderr.String(), tc.usage) || stdout.Len() > 0 ||
			strings.Contains(stderr.String(), "rt-typed-on-the-command-line") {
			t.Errorf("eidbot %s: exit status %d, stdout %q, stderr:\n%s", strings.Join(tc.args, " "), code, stdout.String(), stderr.String())
		}
	}
}

// TestParseFlagsAnywhere: flags may come before or after the positional
// arguments, and "--" ends them.
func TestParseFlagsAnywhere(t *testing.T) {
	var got string
	cmd := &command{name: "x", params: []string{"A", "B"}, flags: func(fs *flag.FlagSet) action {
		v := fs.String("v", "", "")
		return func(_ context.Context, _ *proc, args []string) error {
			got = fmt.Sprintf("v=%s %q", *v, args)
			return nil
		}
	}}
	for _, tc := range []struct {
		args []string
		want string // "" for a usage error
	}{
		{[]string{"-v", "1", "a", "b"}, `v=1 ["a" "b"]`},
		{[]string{"a", "--v=1", "b"}, `v=1 ["a" "b"]`},
		{[]string{"a", "b", "-v", "1"}, `v=1 ["a" "b"]`},
		{[]string{"a", "--", "-v"}, `v= ["a" "-v"]`},
		{[]string{"--", "-v", "b"}, `v= ["-v" "b"]`},
		{[]string{"a", "b", "c"}, ""},
		{[]string{"a", "-v"}, ""},
		{[]string{"a", "-w", "b"}, ""},
	} {
		got = ""
		act, pos, err := cmd.parse(tc.args)
		if err == nil {
			err = act(context.Background(), nil, pos)
		}
		var ue *usageError
		if tc.want == "" && !errors.As(err, &ue) || tc.want != "" && (err != nil || got != tc.want) {
			t.Errorf("%q: %s, %v; want %q", tc.args, got, err, tc.want)
		}
	}
}

// TestReport: the exit status comes from the kind of error.
func TestReport(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		out    string
	}{
		{nil, 0, ""},
		{&usageError{err: errors.New("unknown command"), usage: "usage: eidbot x\n"}, 2, "eidbot: unknown command\n\nusage: eidbot x\n"},
		{fmt.Errorf("wrapped: %w", usagef("bad flag")), 2, "eidbot: wrapped: bad flag"},
		{errProblems, 1, ""}, // the check printed them
		{fmt.Errorf("verify: %w", errProblems), 1, ""},
		{errors.New("redis: connection refused"), 1, "eidbot: redis: connection refused\n"},
	} {
		var out bytes.Buffer
		if got := report(tc.err, &out); got != tc.status || !strings.HasPrefix(out.String(), tc.out) || (tc.out == "" && out.Len() > 0) {
			t.Errorf("report(%v) = %d, printed %q; want %d, %q", tc.err, got, out.String(), tc.status, tc.out)
		}
	}
}

func TestChatLang(t *testing.T) {
	for _, ok := range []string{"vi", "en", "zh", "ko", "KO", "zh-TW", "zh_Hant", "en-US"} {
		if got, err := chatLang(ok); err != nil || got != ok {
			t.Errorf("chatLang(%q) = %q, %v", ok, got, err)
		}
	}
	for _, bad := range []string{"xx", "fr", "english", "-", "vi!"} {
		if _, err := chatLang(bad); err == nil {
			t.Errorf("chatLang(%q) accepted", bad)
		}
	}
}

func TestBuildVersion(t *testing.T) {
	info := func(version string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/eidbot/eidbot", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	for _, tc := range []struct {
		name           string
		ldV, ldC       string
		info           *debug.BuildInfo
		wantV, wantRev string
	}{
		{"linker flags win", "v1.2.0", "abc123", info("v1.1.0", "vcs.revision", "def456"), "v1.2.0", "abc123"},
		{"go install", "", "", info("v1.1.0"), "v1.1.0", "unknown"},
		{"go build in a clean checkout", "", "", info("(devel)", "vcs.revision", "def456", "vcs.modified", "false"), "devel", "def456"},
		{"go build with changes", "", "", info("v0.0.0-20261124-def456+dirty", "vcs.revision", "def456", "vcs.modified", "true"), "v0.0.0-20261124-def456+dirty", "def456-dirty"},
		{"go run", "", "", info("(devel)"), "devel", "unknown"},
		{"no build information", "", "", nil, "devel", "unknown"},
		{"only the commit", "", "abc123", info(""), "devel", "abc123"},
	} {
		if v, c := buildVersion(tc.ldV, tc.ldC, tc.info); v != tc.wantV || c != tc.wantRev {
			t.Errorf("%s: %q, %q; want %q, %q", tc.name, v, c, tc.wantV, tc.wantRev)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, nil, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "eidbot ") || !strings.Contains(out.String(), "commit ") {
			t.Errorf("eidbot %s: %v, %q", args[0], err, out.String())
		}
	}
}

// TestChatEnds: the chat ends without an error when its input ends
// (Ctrl-D) and when its context does (Ctrl-C, through main's signal
// context), also while it waits for a line.
func TestChatEnds(t *testing.T) {
	t.Run("EOF", func(t *testing.T) {
		term, _ := startChatCtx(t)
		term.screen()
		term.in.Close()
		waitChat(t, term)
	})
	t.Run("interrupt", func(t *testing.T) {
		term, cancel := startChatCtx(t)
		term.screen()
		cancel()
		waitChat(t, term)
	})
}

func startChatCtx(t *testing.T) (*console, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	inR, inW := io.Pipe()
	t.Cleanup(func() { inW.Close() })
	term := &console{t: t, in: inW, done: make(chan error, 1)}
	go func() { term.done <- run(ctx, []string{"chat", "--lang", "en"}, env(nil), inR, term, io.Discard) }()
	return term, cancel
}

func waitChat(t *testing.T, term *console) {
	t.Helper()
	select {
	case err := <-term.done:
		if err != nil {
			t.Fatalf("chat ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("chat did not end")
	}
}
