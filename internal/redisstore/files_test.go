package redisstore_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

func TestFiles(t *testing.T) {
	st, srv := open(t, redisstore.Options{})
	ctx := testCtx(t)
	files := st.Files(time.Hour)
	zb := bot.Chat{Channel: bot.ChannelZaloBot, ID: "e4ea2cd5189df1c3a88c", Kind: bot.ChatPrivate}
	doc := bot.Document{Name: "vneid-ab12.ics", MIME: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}
	a, err := files.Put(ctx, zb, doc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := files.Put(ctx, zb, doc)
	if err != nil {
		t.Fatal(err)
	}
	if a == b || !redisstore.ValidToken(a) || !redisstore.ValidToken(b) {
		t.Fatalf("tokens %q and %q", a, b)
	}
	got, found, err := files.Get(ctx, a)
	if err != nil || !found || got.Name != doc.Name || got.MIME != doc.MIME || !bytes.Equal(got.Data, doc.Data) {
		t.Fatalf("Get = %+v, %v, %v", got, found, err)
	}
	assertTTL(t, srv.Client().PTTL(ctx, "eid:{file:"+a+"}").Val(), time.Hour)
	assertTTL(t, srv.Client().PTTL(ctx, "eid:{zb:e4ea2cd5189df1c3a88c}:files").Val(), time.Hour)
	for _, bad := range []string{"", "x", a[:25], a + "A", "abcdefghijklmnopqrstuvwxyz", "../../../../etc/passwd1234"} {
		if _, found, err := files.Get(ctx, bad); found || err != nil {
			t.Errorf("Get(%q) = %v, %v", bad, found, err)
		}
	}
	other, err := files.Put(ctx, tgChat(7), doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := files.Erase(ctx, zb); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{a, b} {
		if _, found, err := files.Get(ctx, tok); found || err != nil {
			t.Errorf("after Erase: %v, %v", found, err)
		}
	}
	if _, found, err := files.Get(ctx, other); err != nil || !found {
		t.Errorf("Erase deleted another chat's file: %v, %v", found, err)
	}
	srv.Stop()
	if _, err := files.Put(ctx, zb, doc); !errors.Is(err, bot.ErrUnavailable) {
		t.Errorf("Put with Redis down = %v", err)
	}
	if _, _, err := files.Get(ctx, other); !errors.Is(err, bot.ErrUnavailable) {
		t.Errorf("Get with Redis down = %v", err)
	}
}

func TestFilesExpire(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	files := st.Files(time.Second)
	tok, err := files.Put(ctx, tgChat(1), bot.Document{Name: "a.ics"})
	if err != nil {
		t.Fatal(err)
	}
	// Redis expires the key by its own clock: poll, within a deadline.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, found, err := files.Get(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if !found {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the link still works 10 s after its 1 s TTL")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
