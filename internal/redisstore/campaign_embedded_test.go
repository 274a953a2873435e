package redisstore_test

import (
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// TestCampaignEmbedded runs the campaign and limiter scripts on the
// embedded server of local mode (miniredis): streams, XAUTOCLAIM and TIME
// in scripts all work there too.
func TestCampaignEmbedded(t *testing.T) {
	st, err := redisstore.Embedded(redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := testCtx(t)
	cs := redisstore.NewCampaigns(st)
	c, err := cs.Create(ctx, newCampaign("w", 7), false, "r")
	if err != nil {
		t.Fatal("create", err)
	}
	if _, _, err := cs.Start(ctx, c.ID, time.Now()); err != nil {
		t.Fatal("start", err)
	}
	if _, err := cs.Expand(ctx, c.ID, []bot.Recipient{{Chat: tgChat(1)}}); err != nil {
		t.Fatal("expand", err)
	}
	var entry string
	var r bot.Recipient
	if err := cs.Read(ctx, c.ID, "a", 5, func(e string, rr bot.Recipient) { entry, r = e, rr }); err != nil {
		t.Fatal("read", err)
	}
	if res, err := cs.Claim(ctx, c.ID, entry, "a", r, time.Second); err != nil || res != "ok" {
		t.Fatal("claim", res, err)
	}
	if res, err := cs.Settle(ctx, c.ID, entry, "a", r, "sent", 3); err != nil || res != "sent" {
		t.Fatal("settle", res, err)
	}
	if _, err := cs.Reclaim(ctx, c.ID, "a", time.Second, "", 5, func(string, bot.Recipient) {}); err != nil {
		t.Fatal("reclaim", err)
	}
	if err := cs.Expanded(ctx, c.ID); err != nil {
		t.Fatal("expanded", err)
	}
	if _, won, err := cs.Finish(ctx, c.ID, time.Now()); err != nil || !won {
		t.Fatal("finish", won, err)
	}
	lim := redisstore.NewLimiter(st, redisstore.Limits{})
	if d, _, err := lim.Reserve(ctx, tgChat(1)); err != nil || d != 0 {
		t.Fatal("reserve", d, err)
	}
	if err := lim.Pause(ctx, time.Second); err != nil {
		t.Fatal("pause", err)
	}
}
