package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// migrateCommand is "eidbot migrate".
func migrateCommand() *command {
	return &command{
		name:    "migrate",
		summary: "bring data of older versions up to date (needs REDIS_URL)",
		about:   "Idempotent and resumable: run it again after an interruption.",
		flags: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *proc, _ []string) error { return runMigrate(ctx, e.getenv, e.stdout) }
		},
	}
}

// runMigrate brings data written by older versions up to date. Today that is committee roles stored under bare
// Telegram user ids, which it moves to channel-qualified ids ("tg:12345").
// Everything else old versions wrote is read as it is. The migration is
// idempotent and resumable: run it again after an interruption, or as
// often as you like.
func runMigrate(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	cfg, err := staffConfig(getenv)
	if err != nil {
		return err
	}
	dir, err := loadDirectory(cfg.PointsFile, cfg.CalendarFile)
	if err != nil {
		return err
	}
	areas, err := loadAreas(cfg.AreasFile, cfg.PointsFile, dir)
	if err != nil {
		return err
	}
	ids := make([]string, len(areas))
	for i, a := range areas {
		ids[i] = a.ID
	}
	return withStaffStore(ctx, cfg, func(st *redisstore.Store) error {
		moved, err := st.Roles().MigrateIDs(ctx, ids)
		fmt.Fprintf(stdout, "committee roles: %d member(s) moved to %s:<id> in %d area(s)\n", moved, bot.ChannelTelegram, len(ids))
		return err
	})
}
