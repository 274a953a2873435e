package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// A command is one subcommand of eidbot. Each declares its own flags, so
// "eidbot help CMD" and "eidbot CMD --help" can describe it without running
// it: nothing reads the environment, opens a store or makes a request until
// the command line has parsed.
type command struct {
	name    string   // as typed; "flows check" is two words
	args    string   // what follows the name in the synopsis, e.g. "--url URL"
	summary string   // one line for the list of commands
	about   string   // what "help CMD" adds: what it needs, what it prints, its exit status
	params  []string // the positional arguments it takes, by name, e.g. "URL"
	// flags declares the command's flags on fs and returns the function
	// that runs the command with their parsed values. It only declares:
	// "help CMD" calls it too, to list the flags.
	flags func(fs *flag.FlagSet) action
	// secretArgs: an argument it does not take may be a secret typed
	// where it must not be (a token): the error does not repeat it.
	secretArgs bool
}

// An action runs a parsed command with its positional arguments.
type action func(ctx context.Context, e *proc, args []string) error

// proc is what a command may use of the process; tests pass their own.
type proc struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// usageError is a command line that does not parse or names something that
// cannot exist (an unknown command, flag or language). main prints it with
// the usage and exits 2.
type usageError struct {
	err   error
	usage string // of the command concerned, or of eidbot
}

func (e *usageError) Error() string {
	return e.err.Error() + "\n\n" + strings.TrimSuffix(e.usage, "\n")
}
func (e *usageError) Unwrap() error { return e.err }

// usagef reports a bad command line from inside an action; run attaches the
// command's usage.
func usagef(format string, a ...any) error {
	return &usageError{err: fmt.Errorf(format, a...)}
}

// Exit statuses: 1 for a failure, 2 for a command line that does not parse.
const (
	exitFailure = 1
	exitUsage   = 2
)

// report prints err as its kind asks and returns the exit status: 0 for
// none, 2 for a usage error (printed with the usage), 1 for anything else.
// Problems a check printed itself (errProblems) are not repeated.
func report(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "eidbot: %v\n", err)
		return exitUsage
	case errors.Is(err, errProblems):
		return exitFailure
	default:
		fmt.Fprintln(stderr, "eidbot:", err)
		return exitFailure
	}
}

// isHelp reports whether arg asks for help the way the flag package
// understands it.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}

// cli is eidbot's table of commands.
type cli struct{ cmds []*command }

// run parses args and runs the command they name.
func (c *cli) run(ctx context.Context, e *proc, args []string) error {
	if len(args) == 0 {
		args = []string{"chat"}
	}
	switch {
	case isHelp(args[0]):
		_, err := fmt.Fprint(e.stdout, c.usage())
		return err
	case args[0] == "help":
		return c.help(e.stdout, args[1:])
	case len(args) > 1 && isHelp(args[1]) && c.find(args[0]) == nil:
		return c.help(e.stdout, args[:1]) // "flows --help"
	case args[0] == "-version" || args[0] == "--version":
		args = append([]string{"version"}, args[1:]...)
	}
	cmd, rest, err := c.lookup(args)
	if err != nil {
		return err
	}
	act, pos, err := cmd.parse(rest)
	if err != nil {
		return err
	}
	err = act(ctx, e, pos)
	var ue *usageError
	if errors.As(err, &ue) && ue.usage == "" {
		ue.usage = cmd.usage()
	}
	return err
}

// lookup finds the command args start with: one word ("chat") or two
// ("flows check").
func (c *cli) lookup(args []string) (*command, []string, error) {
	if cmd := c.find(args[0]); cmd != nil {
		return cmd, args[1:], nil
	}
	group := c.group(args[0])
	switch {
	case len(group) == 0:
		return nil, nil, &usageError{err: fmt.Errorf("unknown command %q", args[0]), usage: c.usage()}
	case len(args) == 1:
		return nil, nil, &usageError{err: fmt.Errorf("%q needs a subcommand", args[0]), usage: groupUsage(group)}
	}
	if cmd := c.find(args[0] + " " + args[1]); cmd != nil {
		return cmd, args[2:], nil
	}
	return nil, nil, &usageError{err: fmt.Errorf("unknown command %q", args[0]+" "+args[1]), usage: groupUsage(group)}
}

// printer is an action that prints text to stdout: the answer to --help.
func printer(text string) action {
	return func(_ context.Context, e *proc, _ []string) error {
		_, err := fmt.Fprint(e.stdout, text)
		return err
	}
}

// group lists the two-word commands whose first word is word.
func (c *cli) group(word string) []*command {
	var cmds []*command
	for _, cmd := range c.cmds {
		if first, _, two := strings.Cut(cmd.name, " "); two && first == word {
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

// help implements "eidbot help [command]".
func (c *cli) help(w io.Writer, args []string) error {
	var text string
	switch name := strings.Join(args, " "); {
	case name == "" || name == "help" || isHelp(name):
		text = c.usage()
	case c.find(name) != nil:
		text = c.find(name).usage()
	case len(c.group(name)) > 0:
		text = groupUsage(c.group(name))
	default:
		return &usageError{err: fmt.Errorf("help: unknown command %q", name), usage: c.usage()}
	}
	_, err := fmt.Fprint(w, text)
	return err
}

// find returns the command called name, or nil.
func (c *cli) find(name string) *command {
	for _, cmd := range c.cmds {
		if cmd.name == name {
			return cmd
		}
	}
	return nil
}

// usage is eidbot's own usage: every command with its summary.
func (c *cli) usage() string {
	var b strings.Builder
	b.WriteString("usage: eidbot <command> [flags] [arguments]\n\n" +
		"eidbot helps people in Vietnam get a VNeID level-2 account: it chats in this\n" +
		"terminal, or serves Telegram's webhook. Without a command it runs chat.\n\ncommands:\n")
	width := 0
	for _, cmd := range c.cmds {
		width = max(width, len(cmd.name))
	}
	for _, cmd := range c.cmds {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, cmd.name, cmd.summary)
	}
	b.WriteString("\n\"eidbot help <command>\" or \"eidbot <command> --help\" describes a command and its flags;\n" +
		"\"eidbot --version\" prints the version. The environment variables are in the README.\n")
	return b.String()
}

// groupUsage is the usage of a two-word command's first word, e.g. "flows".
func groupUsage(cmds []*command) string {
	var b strings.Builder
	for i, cmd := range cmds {
		lead := "usage: "
		if i > 0 {
			lead = "   or: "
		}
		fmt.Fprintf(&b, "%seidbot %s\n", lead, cmd.synopsis())
	}
	b.WriteString("\n")
	for _, cmd := range cmds {
		fmt.Fprintf(&b, "  %s: %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintf(&b, "\n\"eidbot help %s\" describes one.\n", cmds[0].name)
	return b.String()
}

// synopsis is the command with its arguments, as in "usage: eidbot …".
func (cmd *command) synopsis() string {
	if cmd.args == "" {
		return cmd.name
	}
	return cmd.name + " " + cmd.args
}

// flagSet declares the command's flags on a fresh, silent set: run and
// report print, not the flag package.
func (cmd *command) flagSet() (*flag.FlagSet, action) {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs, cmd.flags(fs)
}

// usage is the command's usage: synopsis, description and flags.
func (cmd *command) usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: eidbot %s\n\n%s\n", cmd.synopsis(), sentence(cmd.summary))
	if cmd.about != "" {
		fmt.Fprintf(&b, "%s\n", cmd.about)
	}
	fs, _ := cmd.flagSet()
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("\nflags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
	}
	return b.String()
}

// sentence capitalises a summary and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// parse parses the command's flags, before or after the positional
// arguments ("flows graph booking --lang en"; after "--" everything is
// positional), and checks the number of positional arguments. For --help
// the action it returns prints the usage.
func (cmd *command) parse(args []string) (action, []string, error) {
	fs, act := cmd.flagSet()
	var pos []string
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			return printer(cmd.usage()), nil, nil
		case err != nil:
			return nil, nil, &usageError{err: fmt.Errorf("%s: %w", cmd.name, err), usage: cmd.usage()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if ended := len(args) - len(rest); ended > 0 && args[ended-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
	switch {
	case len(pos) > len(cmd.params) && cmd.secretArgs:
		return nil, nil, &usageError{err: fmt.Errorf("%s: takes no argument; it reads secrets from the environment or standard input, never from the command line", cmd.name), usage: cmd.usage()}
	case len(pos) > len(cmd.params):
		return nil, nil, &usageError{err: fmt.Errorf("%s: unexpected argument %q", cmd.name, pos[len(cmd.params)]), usage: cmd.usage()}
	case len(pos) < len(cmd.params):
		return nil, nil, &usageError{err: fmt.Errorf("%s: missing %s", cmd.name, strings.Join(cmd.params[len(pos):], " ")), usage: cmd.usage()}
	}
	return act, pos, nil
}
