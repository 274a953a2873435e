// Command eidbot runs the eidbot chatbot: "serve" for the Telegram webhook,
// "chat" for a local terminal chat, and operational subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errProblems) {
			fmt.Fprintln(os.Stderr, "eidbot:", err)
		}
		os.Exit(1)
	}
}

const usage = `usage: eidbot <command> [flags]

commands:
  chat [--lang vi|en|zh|ko]   chat with the bot in this terminal (the default)
  serve                       run the Telegram webhook server (configured by environment)
  set-webhook --url URL       register the webhook (secret, allowed updates) and command menus
  webhook-info                print Telegram's view of the webhook
  probe URL                   exit 0 if URL answers 200 (container health check)
  baseline [--send]           the benchmark yardstick server (see docs/BENCHMARKS.md)
  flows check                 validate flows and locales
  flows graph FLOW            print a flow as a Mermaid diagram
  appointments --point ID --date YYYY-MM-DD [--format table|csv|json]
                              a reception point's appointments that day (needs REDIS_URL)
  bookings verify             check seat counters and pointers against the bookings;
                              exit 1 on mismatches (needs REDIS_URL)
  migrate                     bring data of older versions up to date; idempotent
                              (needs REDIS_URL)`

// run dispatches a subcommand.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		args = []string{"chat"}
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, getenv, stderr)
	case "set-webhook":
		return runSetWebhook(ctx, args[1:], getenv, stdout)
	case "webhook-info":
		return runWebhookInfo(ctx, getenv, stdout)
	case "baseline":
		return runBaseline(ctx, args[1:], getenv)
	case "probe":
		return runProbe(ctx, args[1:])
	case "chat":
		return runChat(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "flows":
		return runFlows(args[1:], getenv, stdout, stderr)
	case "appointments":
		return runAppointments(ctx, args[1:], getenv, stdout, stderr)
	case "bookings":
		return runBookings(ctx, args[1:], getenv, stdout)
	case "migrate":
		return runMigrate(ctx, getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
}
