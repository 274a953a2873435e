package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/eidbot/eidbot/internal/terminal"
)

// runChat implements "eidbot chat": the same engine and store as
// production, with the terminal as the channel.
func runChat(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	lang := fs.String("lang", "", "your language: vi, en, zh or ko (default: $LANG, else vi)")
	chatID := fs.String("chat", "1", "local chat id; sessions are kept per id")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *lang == "" {
		*lang = getenv("LANG")
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := Config{RedisURL: getenv("REDIS_URL"), PointsFile: getenv("EIDBOT_POINTS_FILE"), CalendarFile: getenv("EIDBOT_CALENDAR_FILE")}
	c, err := openCore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer c.Close()
	if c.store.Embedded() {
		fmt.Fprintln(stdout, "⚠ Local mode: data is kept in memory only and is gone when you quit. Set REDIS_URL to keep it.")
	}
	fmt.Fprintln(stdout, "Type a number to choose, /language to switch language, /quit to leave.")
	fmt.Fprintln(stdout)
	sender := terminal.NewSender(stdout, os.TempDir())
	eng, err := c.engine(sender, "", log, time.Now)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go eng.RunReminders(ctx, 30*time.Second)
	chat := &terminal.Chat{Handler: eng, Sender: sender, In: stdin, Out: stdout, ChatID: *chatID, Lang: *lang, Name: getenv("USER"), Now: time.Now}
	return chat.Run(ctx)
}
