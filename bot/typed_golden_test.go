package bot_test

import (
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
)

// typedTranscripts are typed questions in a private chat, each in the
// language of the chat it is written in (the "done when"
// questions, with the narrowing question where the answer depends on who
// asks), one in another language than the chat's (answered in it, then
// the switch), one outside the bot's subject (never a confident answer;
// "Ask an officer"), and one typed in the middle of the check.
var typedTranscripts = []struct {
	name   string
	lang   bot.Lang // of the chat
	inputs []string
}{
	{"typed-bring", bot.Vietnamese, []string{"/start", "'can mang gi de lam dinh danh muc 2", "tw|citizen|bring|vi"}},
	{"typed-where-foreigner", bot.English, []string{"/start", "'where do I apply as a foreigner?", "tw|foreigner|where|en"}},
	{"typed-duration", bot.Chinese, []string{"/start", "'办下来需要多长时间？", "tw|foreigner|duration|zh"}},
	{"typed-passport-needed", bot.Korean, []string{"/start", "'여권 필요한가요?", "tw|foreigner|bring|ko"}},
	{"typed-other-language", bot.Vietnamese, []string{"/start", "'办下来需要多长时间？", "tw|foreigner|duration|zh", "l|zh"}},
	{"typed-outside", bot.Vietnamese, []string{"/start", "'làm hộ chiếu ở đâu", "to|vi"}},
	{"typed-mid-flow", bot.Vietnamese, []string{"/start check", "vn", "'sdt ko chinh chu co lam dc ko", "14_plus"}},
}

// runTypedTranscripts replays typedTranscripts into g, as
// TestGoldenTranscripts does the others.
func runTypedTranscripts(t *testing.T, g *bottest.Golden) {
	for _, tr := range typedTranscripts {
		g.Run(t, tr.name+"."+string(tr.lang), func(t *testing.T) string {
			e, _, sender := realEngineSender(t)
			a := bottest.Person("", "tg:42", "Lan", string(tr.lang))
			return bottest.NewScript(t, e, sender, a).Do(tr.inputs...).String()
		})
	}
}
