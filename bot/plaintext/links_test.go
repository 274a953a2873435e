package plaintext

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

func TestLinks(t *testing.T) {
	link := bot.Button{Label: "Map", URL: "https://maps.example/x"}
	rows := [][]bot.Button{{{Label: "Yes", Data: "y"}, link}, {{Label: "No", Data: "n"}}}
	if got := Links(rows); !reflect.DeepEqual(got, [][]bot.Button{{link}}) {
		t.Fatalf("Links = %+v", got)
	}
	if got := Links([][]bot.Button{{{Label: "Yes", Data: "y"}}}); got != nil {
		t.Fatalf("no link: %+v", got)
	}
}

func TestDocumentLinks(t *testing.T) {
	chat := bot.Chat{Channel: "zb", ID: "1"}
	ics := &bot.Document{Name: "lich-hen.ics"}
	replies := []bot.Reply{{Kind: bot.ReplyText, Text: "x"}, {Kind: bot.ReplyDocument, Document: ics}, {Kind: bot.ReplyDocument}}
	link := func(_ context.Context, c bot.Chat, d bot.Document) (string, error) {
		return "https://x.vn/f/" + c.ID + "/" + d.Name, nil
	}
	got, err := DocumentLinks(context.Background(), chat, replies, link)
	if err != nil || !reflect.DeepEqual(got, map[string]string{"lich-hen.ics": "https://x.vn/f/1/lich-hen.ics"}) {
		t.Fatalf("DocumentLinks = %v, %v", got, err)
	}
	if got, err := DocumentLinks(context.Background(), chat, replies, nil); err != nil || len(got) != 0 {
		t.Fatalf("without link: %v, %v", got, err)
	}
	down := errors.New("redis down")
	failing := func(context.Context, bot.Chat, bot.Document) (string, error) { return "", down }
	if _, err := DocumentLinks(context.Background(), chat, replies, failing); !errors.Is(err, down) || err.Error() != "a link to lich-hen.ics: redis down" {
		t.Fatalf("a failing link: %v", err)
	}
}
