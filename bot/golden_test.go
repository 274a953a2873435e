package bot_test

import (
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
)

// transcripts are the main paths of the core, replayed in every language:
// the eligibility check (each verdict short, its legal basis one press
// away) and a group chat. Inputs are commands ("/start"), choice ids
// pressed on the newest message that has them ("vn", "v_c1" for a
// verdict's legal-basis button), or typed text ("'hello").
var transcripts = []struct {
	name   string
	group  bool // written in a group chat
	inputs []string
}{
	{"citizen-card-c1", false, []string{"/start", "check", "vn", "14_plus", "valid", "mine", "has", "v_c1"}},
	{"foreigner-residence-card-f1", false, []string{"/start", "check", "foreign", "trc", "14_plus", "mine"}},
	{"foreigner-visa-only", false, []string{"/start", "check", "foreign", "none", "v_fr_no_card"}},
	{"child-6-13", false, []string{"/start", "check", "vn", "6_13", "valid"}},
	{"lost-card", false, []string{"/start", "check", "vn", "14_plus", "lost"}},
	// In a group the bot answers only what is addressed to it, asks
	// nothing personal and offers a private chat through a deep link.
	{"group-chat", true, []string{"'hello everyone", "/help", "'@eid_bot what do I bring?", "/subscribe", "/language", "l|en"}},
}

// TestGoldenTranscripts replays each path in each language and compares
// the conversation with testdata/golden/<name>.<lang>.txt, which shows the
// real localized text so a reviewer can read it. go test ./bot -update
// rewrites them; a golden file no transcript writes fails the test.
func TestGoldenTranscripts(t *testing.T) {
	g := bottest.NewGolden("testdata/golden")
	for _, tr := range transcripts {
		for _, lang := range bot.Languages {
			g.Run(t, tr.name+"."+string(lang), func(t *testing.T) string {
				e, _, sender := realEngineSender(t)
				a := bottest.Person("", "tg:42", "Lan", string(lang))
				if tr.group {
					a.Chat = bot.Chat{Channel: "tg", ID: "-100200", Kind: bot.ChatGroup}
				}
				return bottest.NewScript(t, e, sender, a).Do(tr.inputs...).String()
			})
		}
	}
	runTypedTranscripts(t, g)
	g.Stale(t)
}
