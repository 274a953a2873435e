package bot

import (
	"slices"
	"testing"
)

func TestTextTurnPutsTheChatFirst(t *testing.T) {
	chat := Chat{Channel: ChannelZaloBot, ID: "a1", Kind: ChatPrivate}
	approver := Chat{Channel: ChannelTelegram, ID: "7", Kind: ChatPrivate}
	btn := func(data string) [][]Button {
		return [][]Button{{{Label: data, Data: data}, {Label: "web", URL: "https://x.vn"}}}
	}
	replies := []Reply{
		{Kind: ReplyAnswer, Chat: chat},
		{Kind: ReplyText, Chat: chat, Text: "one", Buttons: btn("x")},
		{Kind: ReplyText, Chat: approver, Text: "approve?", Buttons: btn("ok")},
		{Kind: ReplyText, Chat: chat, Text: "two", Keyboard: []string{"Skip"}},
	}
	tu := &turn{u: Update{Kind: UpdateText, Chat: chat}}
	got := tu.textTurn(slices.Clone(replies))
	if want := []Reply{replies[0], replies[1], replies[3], replies[2]}; !slices.EqualFunc(got, want, func(a, b Reply) bool { return a.Text == b.Text && a.Chat == b.Chat }) {
		t.Errorf("order %+v", got)
	}
	want := []Choice{{Label: "x", Data: "x"}, {Label: "Skip", Text: "Skip"}}
	if !slices.Equal(tu.s.Shown.Choices, want) {
		t.Errorf("remembered %+v, want %+v", tu.s.Shown.Choices, want)
	}

	tu = &turn{u: Update{Kind: UpdateText, Chat: chat}, caps: fullCaps()}
	if got := tu.textTurn(slices.Clone(replies)); !slices.EqualFunc(got, replies, func(a, b Reply) bool { return a.Text == b.Text }) || tu.s.Shown.Choices != nil {
		t.Errorf("a channel with buttons: %+v, remembered %+v", got, tu.s.Shown.Choices)
	}

	tu = &turn{u: Update{Kind: UpdateText, Chat: chat}, s: Session{Shown: Shown{Choices: want}}}
	tu.textTurn([]Reply{{Kind: ReplyAnswer, Chat: chat}, {Kind: ReplyEdit, Chat: chat}})
	if !slices.Equal(tu.s.Shown.Choices, want) {
		t.Errorf("a turn that shows nothing forgot the choices: %+v", tu.s.Shown.Choices)
	}
}
