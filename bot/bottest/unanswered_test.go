package bottest_test

import (
	"reflect"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/bottest"
)

func TestUnansweredKeepsTheRedactedText(t *testing.T) {
	var u bottest.Unanswered
	chat := bot.Chat{Channel: "tg", ID: "42", Kind: bot.ChatPrivate}
	if err := u.Keep(t.Context(), chat, bot.Vietnamese, "tên tôi là Lan, sđt 0912345678, làm hộ chiếu ở đâu"); err != nil {
		t.Fatal(err)
	}
	want := []bottest.KeptQuestion{{Lang: bot.Vietnamese, Text: "tên tôi là <name>, sđt <phone>, làm hộ chiếu ở đâu"}}
	if got := u.Kept(); !reflect.DeepEqual(got, want) {
		t.Fatalf("kept %+v, want %+v", got, want)
	}
}
