package bot_test

import (
	"testing"

	"github.com/eidbot/eidbot/bot"
)

func TestGroupsWithoutDeepLinksSayHowToWritePrivately(t *testing.T) {
	group := bot.Chat{Channel: bot.ChannelZaloBot, ID: "g1", Kind: bot.ChatGroup}
	c := newConv(t)
	c.s = bot.NewSession(group, "vi", t0)
	u := onZalo(cmd("start", ""))
	u.Chat = group
	c.do(u).wantText("vi:group.help", "vi:group.private_how").wantButtons()
}
