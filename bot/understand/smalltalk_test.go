package understand

import (
	"testing"
	"testing/fstest"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/flows"
)

func TestReadSmallTalk(t *testing.T) {
	ix := embeddedIndex(t)
	tests := []struct {
		in, kind string
		lang     bot.Lang
	}{
		{"xin chào", flows.SmallTalkGreeting, "vi"},
		{"Xin chao ad", flows.SmallTalkGreeting, "vi"},
		{"chào cả nhà!", flows.SmallTalkGreeting, "vi"},
		{"dạ em cảm ơn ad nhiều ạ 🙏", flows.SmallTalkThanks, "vi"},
		{"cam on nhe", flows.SmallTalkThanks, "vi"},
		{"Vâng ạ", flows.SmallTalkOK, "vi"},
		{"hello", flows.SmallTalkGreeting, ""}, // anyone writes it: the chat's language
		{"Hi there!", flows.SmallTalkGreeting, ""},
		{"thank you so much!!", flows.SmallTalkThanks, ""},
		{"ok thanks", flows.SmallTalkThanks, ""}, // the strongest kind
		{"OK", flows.SmallTalkOK, ""},
		{"hello, cảm ơn bạn", flows.SmallTalkThanks, "vi"},
		{"你好", flows.SmallTalkGreeting, "zh"},
		{"好的，谢谢你！", flows.SmallTalkThanks, "zh"},
		{"大家好 哈哈哈", flows.SmallTalkGreeting, "zh"},
		{"안녕하세요~", flows.SmallTalkGreeting, "ko"},
		{"정말 감사합니다 ^^", flows.SmallTalkThanks, "ko"},
		{"네 알겠습니다", flows.SmallTalkOK, "ko"},
		{"ｔｈａｎｋｓ", flows.SmallTalkThanks, ""}, // full-width letters
		{"👍", flows.SmallTalkOK, ""},
		{"cảm ơn ạ 😊❤️", flows.SmallTalkThanks, "vi"}, // other emoji are decoration
		{"ad ơi", flows.SmallTalkGreeting, "vi"},
		{"辛苦你了", flows.SmallTalkThanks, "zh"},
		{"잘 알겠습니다", flows.SmallTalkOK, "ko"},
		{"ㄳ", flows.SmallTalkThanks, "ko"}, // Korean initials
		{"ㅇㅋ ㅋㅋ", flows.SmallTalkOK, "ko"},
		{"감사합니다 ㅠㅠ", flows.SmallTalkThanks, "ko"},
		{"bye!", flows.SmallTalkBye, ""},
		{"cảm ơn, tạm biệt", flows.SmallTalkBye, "vi"},
		{"再见", flows.SmallTalkBye, "zh"},
		{"안녕히 계세요", flows.SmallTalkBye, "ko"}, // not the greeting 안녕
		{"잘 계세요", flows.SmallTalkBye, "ko"},   // nor 계세요
		{"수고하세요~", flows.SmallTalkBye, "ko"},
		{"chào cô ạ", flows.SmallTalkGreeting, "vi"},
		{"see you later!", flows.SmallTalkBye, ""},
	}
	for _, tt := range tests {
		q := ix.Read(tt.in)
		if q.Kind != bot.QuestionSmallTalk || q.SmallTalk != tt.kind || q.Lang != tt.lang || q.LangClear != (tt.lang != "") {
			t.Errorf("Read(%q) = %+v, want small talk %s in %q", tt.in, q, tt.kind, tt.lang)
		}
	}
}

// TestReadSmallTalkAndMore: a greeting or thanks with anything more is a
// question, and so are fillers alone.
func TestReadSmallTalkAndMore(t *testing.T) {
	ix := embeddedIndex(t)
	for _, in := range []string{
		"xin chào, cần mang gì?",
		"chào ad cho em hỏi làm định danh mức 2 ở đâu",
		"thanks, where do I apply?",
		"hello I have no phone number",
		"你好，请问需要带什么",
		"谢谢，在哪里办理？",
		"안녕하세요 준비물이 뭐예요",
		"không được",    // "được" with a negation is no "ok"
		"bà làm được ạ", // nor a question without diacritics or "?"
		"em có được ạ?",
		"tôi được à",
		"Đã được ạ?", // "dạ được" would read the same
		"người tq ạ", // a Chinese person, not "thank you"
		"太麻烦了",       // complaints, not thanks
		"好辛苦啊",
		"太早了", // too early, not "good morning"
		"不好",  // nor "好"
		"ạ",   // a filler alone
		"em",  // a pronoun alone
		"😂",   // no words, and no emoji small talk lists
		"",    // nothing
		"1",   // a number is an answer, not small talk
		"hello hello hello hello hello hello hello hello hello hello hello hello hello hello hello hello hello", // too long
	} {
		if q := ix.Read(in); q.Kind == bot.QuestionSmallTalk {
			t.Errorf("Read(%q) = small talk %s, want a question", in, q.SmallTalk)
		}
	}
}

// TestSmallTalkLeavesQuestions: no example of a real topic, and no
// question of the dev sets that has one, reads as small talk.
func TestSmallTalkLeavesQuestions(t *testing.T) {
	ix := embeddedIndex(t)
	if probs := checkSmallTalk(flows.MustLoadEmbeddedTopics(), ix.talk); len(probs) > 0 {
		t.Errorf("small talk: %v", probs)
	}
	for _, path := range devSets {
		for _, c := range loadBlind(t, path) {
			if kind, _, ok := ix.talk.read(c.Text); ok && c.Topic != flows.OutOfScope && c.Topic != "" {
				t.Errorf("%s: %q (topic %s) reads as small talk (%s)", path, c.Text, c.Topic, kind)
			}
		}
	}
}

func TestCheckSmallTalk(t *testing.T) {
	fsys := fstest.MapFS{
		"questions/topics.yaml": {Data: []byte(`topics:
  bring: {description: d, answer: documents.c1}
  out_of_scope: {description: d, answer: none}
smalltalk:
  thanks:
    vi: [cảm ơn, cám ơn, "?!"]
    en: [thanks]
  ok:
    en: [please]
  fillers: [please, "!"]
`)},
		"questions/en.yaml": {Data: []byte("bring:\n  bring.en.1: thanks\nout_of_scope:\n  out_of_scope.en.1: weather\n")},
		"questions/vi.yaml": {Data: []byte("bring:\n  bring.vi.1: cần mang gì\nout_of_scope:\n  out_of_scope.vi.1: thời tiết\n")},
	}
	tp, probs := flows.LoadTopics(fsys)
	if len(probs) > 0 {
		t.Fatalf("load: %v", probs)
	}
	got := map[string]bool{}
	for _, p := range checkSmallTalk(tp, newSmallTalk(tp.SmallTalk)) {
		got[p.Msg] = true
	}
	for _, want := range []string{
		`small-talk phrase "cám ơn" reads the same as "cảm ơn"`,
		`small-talk phrase "?!" has no letters small talk compares`,
		`small-talk phrase "please" is also a filler`,
		`small-talk filler "!" has no letters small talk compares`,
		"example bring.en.1 of topic bring would be read as small talk (thanks), not matched",
	} {
		if !got[want] {
			t.Errorf("missing problem %q in %v", want, got)
		}
	}
	if len(got) != 5 {
		t.Errorf("%d problems, want 5: %v", len(got), got)
	}
}
