package redisstore_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// TestLimiterWindowPerChannel: a channel with a rate of its own has its
// own global window: Telegram's full window does not hold back Zalo sends,
// and Zalo's lower rate does not slow Telegram's.
func TestLimiterWindowPerChannel(t *testing.T) {
	st, _ := open(t, redisstore.Options{})
	ctx := testCtx(t)
	lim := redisstore.NewLimiter(st, redisstore.Limits{Global: 2, Channels: map[string]int{bot.ChannelZaloBot: 1}, Margin: -1})
	zb := func(id string) bot.Chat { return bot.Chat{Channel: bot.ChannelZaloBot, ID: id, Kind: bot.ChatPrivate} }
	for i, tc := range []struct {
		chat bot.Chat
		now  bool // booked with no wait
	}{
		{tgChat(1), true},
		{tgChat(2), true},
		{zb("a1"), true},  // Telegram's window is full, Zalo's is not
		{zb("a2"), false}, // Zalo's one send a second is taken
		{tgChat(3), false},
	} {
		d, booked, err := lim.Reserve(ctx, tc.chat)
		if err != nil {
			t.Fatal(err)
		}
		if now := booked && d == 0; now != tc.now || d > time.Second {
			t.Errorf("send %d to %s: wait %v, booked %v; want at once: %v", i, tc.chat.Key(), d, booked, tc.now)
		}
	}
}
