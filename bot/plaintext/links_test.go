package plaintext

import (
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
