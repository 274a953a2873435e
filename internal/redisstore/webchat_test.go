package redisstore_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func webChat(id string) bot.Chat {
	return bot.Chat{Channel: bot.ChannelWeb, ID: id, Kind: bot.ChatPrivate}
}

// TestWebChatStore: visitors, numbered and idempotent appends, reading
// after an id and the history, notices, and the eraser, on real Redis.
func TestWebChatStore(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	w := st.WebChat()
	alice, bob := webChat("alice"), webChat("bob")

	if h, err := w.VisitorHash(ctx, alice, false); err != nil || h != "" {
		t.Fatalf("unknown visitor: %q %v", h, err)
	}
	if err := w.CreateVisitor(ctx, alice, "hash-a", time.Hour); err != nil {
		t.Fatal(err)
	}
	if h, err := w.VisitorHash(ctx, alice, true); err != nil || h != "hash-a" {
		t.Fatalf("visitor hash: %q %v", h, err)
	}

	_, start, err := w.Notices(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		key      string
		numbered bool
		want     int
	}{{"u1:a", true, 1}, {"u1:b", false, 0}, {"u1:a", true, 1}, {"", true, 2}, {"u2:a", true, 3}} {
		got, err := w.Append(ctx, alice, tc.key, tc.numbered, []byte(`{"type":"message","html":"n`+itoa(i)+`"}`))
		if err != nil || got != tc.want {
			t.Fatalf("append %d: %d %v, want %d", i, got, err, tc.want)
		}
	}
	ids, lines, err := w.Events(ctx, alice, "", 200)
	if err != nil || len(ids) != 4 {
		t.Fatalf("history: %v %v", ids, err)
	}
	var first struct {
		ID   string
		Msg  int
		Type string
		HTML string
	}
	if err := json.Unmarshal(lines[0], &first); err != nil || first.ID != ids[0] || first.Msg != 1 || first.HTML != "n0" {
		t.Fatalf("first line %s: %+v %v", lines[0], first, err)
	}
	if ids2, _, _ := w.Events(ctx, alice, ids[1], 200); len(ids2) != 2 || ids2[0] != ids[2] {
		t.Fatalf("after %s: %v", ids[1], ids2)
	}
	if ids2, _, _ := w.Events(ctx, bob, "", 200); len(ids2) != 0 {
		t.Fatalf("bob reads %v", ids2)
	}
	chats, next, err := w.Notices(ctx, start, time.Millisecond)
	if err != nil || len(chats) != 1 || chats[0] != "alice" || next == start {
		t.Fatalf("notices: %v %q %v", chats, next, err)
	}
	if chats, again, err := w.Notices(ctx, next, 10*time.Millisecond); err != nil || len(chats) != 0 || again != next {
		t.Fatalf("no new notices: %v %q %v", chats, again, err)
	}

	if err := w.Erase(ctx, tgChat(5)); err != nil {
		t.Fatal(err)
	}
	if err := w.Erase(ctx, alice); err != nil {
		t.Fatal(err)
	}
	ids2, lines2, err := w.Events(ctx, alice, "", 200)
	if err != nil || len(ids2) != 1 || !strings.Contains(string(lines2[0]), `"type":"clear"`) || ids2[0] <= ids[3] {
		t.Fatalf("after erase: %v %s %v", ids2, lines2, err)
	}
	if m, _ := w.Append(ctx, alice, "", true, []byte(`{"type":"message"}`)); m != 4 {
		t.Fatalf("numbers go on after erase: %d", m)
	}
}
