// Command eidbot runs the eidbot chatbot: "serve" for every channel
// configured (the web chat, Telegram's and the Zalo Bot Platform's
// webhooks), "chat" for a local terminal chat, and operational
// subcommands.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal asks the command to stop gracefully; once it has,
	// a second one kills the program the ordinary way.
	context.AfterFunc(ctx, stop)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(report(err, os.Stderr))
}

// run parses args and runs the command they name; report turns its error
// into output and an exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := &cli{cmds: commands()}
	return c.run(ctx, &proc{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

// commands lists eidbot's commands in the order "eidbot help" shows them.
func commands() []*command {
	return []*command{
		chatCommand(),
		serveCommand(),
		setWebhookCommand(),
		webhookInfoCommand(),
		zaloSetWebhookCommand(),
		zaloWebhookInfoCommand(),
		zaloOATokenCommand(),
		probeCommand(),
		baselineCommand(),
		flowsCheckCommand(),
		flowsGraphCommand(),
		appointmentsCommand(),
		bookingsVerifyCommand(),
		questionsReportCommand(),
		migrateCommand(),
		versionCommand(),
	}
}
