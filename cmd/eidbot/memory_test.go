package main

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/internal/redistest"
)

// memoryPeople is how many people TestMemoryPerPerson walks; EIDBOT_MEMORY_PEOPLE
// sets more for the figure in docs/BENCHMARKS.md.
func memoryPeople(t *testing.T) int {
	if v := os.Getenv("EIDBOT_MEMORY_PEOPLE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("EIDBOT_MEMORY_PEOPLE=%q", v)
		}
		return n
	}
	return 500
}

// TestMemoryPerPerson measures what Redis holds per person after /start
// and two presses, through the real engine and flows on a real
// redis-server: the growth of used_memory (INFO memory) from N people to
// 2N, divided by N (so that what Redis holds once, the scripts and the
// connections' buffers, is not counted), and MEMORY USAGE of one
// person's keys. The figure is in docs/BENCHMARKS.md ("Memory per
// person"); the test fails at 1 KB or more.
func TestMemoryPerPerson(t *testing.T) {
	n := memoryPeople(t)
	srv := redistest.Start(t)
	ctx := context.Background()
	c, err := openCore(ctx, Config{RedisURL: srv.URL()}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sender := &bottest.Sender{}
	e, err := c.engine(sender, nil, "eid_test_bot", slog.New(slog.DiscardHandler), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	rdb := srv.Client()
	id := 0
	next := func() string { id++; return strconv.Itoa(id) }
	var before int64
	for i := range 2 * n {
		if i == n {
			before = usedMemory(t, srv)
		}
		chat := bot.Chat{Channel: bot.ChannelTelegram, ID: strconv.Itoa(100000000 + i), Kind: bot.ChatPrivate}
		from := bot.User{ID: bot.NewUserID("tg", chat.ID), FirstName: "Lan", LanguageCode: "vi"}
		handle := func(u bot.Update) {
			u.ID, u.Chat, u.From, u.Time = strconv.Itoa(700000000+id), chat, from, time.Now()
			next()
			if err := e.Handle(ctx, u); err != nil {
				t.Fatalf("person %d: %v", i, err)
			}
		}
		handle(bot.Update{Kind: bot.UpdateCommand, Command: "start", Addressed: true})
		for range 2 {
			data, msg := lastButton(t, sender.Replies(), chat)
			handle(bot.Update{Kind: bot.UpdateButton, Button: &bot.Press{Data: data, CallbackID: "cb" + next(), MessageID: msg}})
		}
		sender.Reset()
	}
	grown := usedMemory(t, srv) - before
	per := float64(grown) / float64(n)

	// One person's keys, by MEMORY USAGE.
	keys, err := rdb.Keys(ctx, "eid:{tg:100000000}:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, k := range keys {
		usage, err := rdb.MemoryUsage(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, k+" "+strconv.FormatInt(usage, 10))
	}
	session, _ := rdb.Get(ctx, "eid:{tg:100000000}:session").Result()
	t.Logf("%d people: used_memory grew %d bytes, %.0f bytes per person\nkeys of one person (MEMORY USAGE):\n%s\nsession record (%d bytes): %s",
		n, grown, per, strings.Join(lines, "\n"), len(session), session)
	if per >= 1024 {
		t.Errorf("%.0f bytes per person, want under 1 KB", per)
	}
}

// lastButton is the first button of the newest reply to chat that has
// buttons, and that reply's message id.
func lastButton(t *testing.T, replies []bot.Reply, chat bot.Chat) (string, int) {
	t.Helper()
	for i := len(replies) - 1; i >= 0; i-- {
		r := replies[i]
		if r.Chat == chat && len(r.Buttons) > 0 && r.Buttons[0][0].Data != "" {
			return r.Buttons[0][0].Data, 1000 + i
		}
	}
	t.Fatal("no reply with buttons")
	return "", 0
}

// usedMemory reads used_memory from INFO memory.
func usedMemory(t *testing.T, srv *redistest.Server) int64 {
	t.Helper()
	info, err := srv.Client().Info(context.Background(), "memory").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("INFO memory has no used_memory")
	return 0
}
