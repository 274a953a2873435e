package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/terminal"
)

// chatCommand is "eidbot chat": the same engine and store as production,
// with the terminal as the channel.
func chatCommand() *command {
	return &command{
		name:    "chat",
		args:    "[--lang vi|en|zh|ko] [--chat ID]",
		summary: "chat with the bot in this terminal (the default command)",
		about: "Without REDIS_URL it uses an embedded in-memory store, forgotten when you quit.\n" +
			"Type a number to choose; /quit, Ctrl-D or Ctrl-C leaves.",
		flags: func(fs *flag.FlagSet) action {
			lang := fs.String("lang", "", "your language: vi, en, zh or ko (default: from $LANG, else vi)")
			chatID := fs.String("chat", "1", "local chat id; sessions are kept per id")
			return func(ctx context.Context, e *proc, _ []string) error {
				return runChat(ctx, e, *lang, *chatID)
			}
		},
	}
}

// chatLang checks a --lang value: a language the bot speaks, as a tag such
// as "ko" or "zh-TW". Unlike $LANG, which is only a hint, a typed flag
// that names another language is a mistake worth pointing out.
func chatLang(flagLang string) (string, error) {
	primary, _, _ := strings.Cut(strings.ReplaceAll(flagLang, "_", "-"), "-")
	if _, ok := bot.ParseLang(strings.ToLower(primary)); !ok {
		return "", usagef("chat: --lang %q: want one of %v", flagLang, bot.Languages)
	}
	return flagLang, nil
}

// runChat runs a terminal chat until /quit, the end of the input (Ctrl-D)
// or the context's end (Ctrl-C): all three are a normal end.
func runChat(ctx context.Context, e *proc, lang, chatID string) error {
	if lang != "" {
		var err error
		if lang, err = chatLang(lang); err != nil {
			return err
		}
	} else {
		lang = e.getenv("LANG")
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := Config{RedisURL: e.getenv("REDIS_URL"), PointsFile: e.getenv("EIDBOT_POINTS_FILE"), CalendarFile: e.getenv("EIDBOT_CALENDAR_FILE")}
	c, err := openCore(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	if c.store.Embedded() {
		fmt.Fprintln(e.stdout, "⚠ Local mode: data is kept in memory only and is gone when you quit. Set REDIS_URL to keep it.")
	}
	fmt.Fprintln(e.stdout, "Type a number to choose, /language to switch language, /quit to leave.")
	fmt.Fprintln(e.stdout)
	sender := terminal.NewSender(e.stdout, os.TempDir(), func(lang bot.Lang) string { return textOptions(c.catalog, lang, 0).Hint })
	eng, err := c.engine(sender, nil, "", log, time.Now)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go eng.RunReminders(ctx, 30*time.Second)
	chat := &terminal.Chat{Handler: eng, In: e.stdin, Out: e.stdout, ChatID: chatID, Lang: lang, Name: e.getenv("USER"), Now: time.Now}
	return chat.Run(ctx)
}
