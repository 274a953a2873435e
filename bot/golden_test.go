package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/understand"
	"github.com/eidbot/eidbot/flows"
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
	// A super-admin registers the group and turns auto-answer on: a
	// question nobody addressed to the bot is answered, the same topic
	// again within 10 minutes gets a pointer to that answer, a message
	// with a phone number is left alone; off, nothing is answered.
	{"group-auto-answer", true, []string{"/register_group", "a", "/autoanswer on", "'{compulsory}", "'{compulsory_again}",
		"'{personal}", "'@eid_bot {compulsory}", "/autoanswer off", "'{compulsory}"}},
}

// typedQuestions are the typed questions of the transcripts in each
// language: an input "'{name}" types question name in the transcript's.
var typedQuestions = map[bot.Lang]map[string]string{
	bot.Vietnamese: {"compulsory": "định danh mức 2 có bắt buộc không", "compulsory_again": "có bắt buộc phải làm định danh mức 2 không",
		"personal": "sđt em 0912 345 678 ko chính chủ có làm đc không"},
	bot.English: {"compulsory": "Is it compulsory?", "compulsory_again": "Do I have to get level 2?",
		"personal": "my number 0912 345 678 is not in my name"},
	bot.Chinese: {"compulsory": "必须办理吗？", "compulsory_again": "不办会罚款吗？", "personal": "我的手机号 0912345678 不是我名下的"},
	bot.Korean: {"compulsory": "2단계 계정은 의무인가요?", "compulsory_again": "안 하면 벌금이 있나요?",
		"personal": "제 번호 0912345678 은 다른 사람 명의예요"},
}

// inLanguage replaces the "{name}" of typed inputs with the question in
// lang.
func inLanguage(inputs []string, lang bot.Lang) []string {
	out := make([]string, len(inputs))
	for i, in := range inputs {
		for name, q := range typedQuestions[lang] {
			in = strings.ReplaceAll(in, "{"+name+"}", q)
		}
		out[i] = in
	}
	return out
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
					// Group chats read questions: the real matcher, the
					// committees feature (Lan is a super-admin) and
					// auto-answer settings.
					sender = &bottest.Sender{}
					e, _ = groupEngine(t, bottest.NewStore(), bottest.NewAutoAnswers(), sender,
						understand.New(flows.MustLoadEmbeddedTopics()), func() time.Time { return t0 }, nil)
					a.Chat = groupChat
				}
				return bottest.NewScript(t, e, sender, a).Do(inLanguage(tr.inputs, lang)...).String()
			})
		}
	}
	runTypedTranscripts(t, g)
	g.Stale(t)
}
