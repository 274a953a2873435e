package plaintext

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

const hint = "Trả lời bằng số từ 1 đến {n}."

func text(s string, rows ...[]bot.Button) bot.Reply {
	return bot.Reply{Kind: bot.ReplyText, Text: s, Buttons: rows}
}

func TestRender(t *testing.T) {
	ics := &bot.Document{Name: "vneid-ab12.ics", MIME: "text/calendar", Data: []byte("BEGIN"), Caption: "Thêm vào <b>lịch</b>"}
	fileURL := func(d bot.Document) string { return "https://bot.example/ics/tok123" }
	tests := []struct {
		name    string
		replies []bot.Reply
		opts    Options
		want    []string
		data    []string // Choices' Data in order
	}{
		{
			name: "choices row by row with the hint",
			replies: []bot.Reply{text("Bạn có <b>căn cước</b> không?",
				[]bot.Button{{Label: "Có", Data: "a|y"}, {Label: "Không", Data: "a|n"}},
				[]bot.Button{{Label: "⬅️ Quay lại", Data: "back"}})},
			opts: Options{Limit: 2000, Hint: hint},
			want: []string{"Bạn có căn cước không?\n\n1. Có\n2. Không\n3. ⬅️ Quay lại\nTrả lời bằng số từ 1 đến 3."},
			data: []string{"a|y", "a|n", "back"},
		},
		{
			name: "URL buttons are links, not numbered",
			replies: []bot.Reply{text("Cài ứng dụng",
				[]bot.Button{{Label: "VNeID", URL: "https://vneid.gov.vn"}, {Label: "Tiếp", Data: "next"}})},
			opts: Options{Hint: hint},
			want: []string{"Cài ứng dụng\n\n🔗 VNeID: https://vneid.gov.vn\n1. Tiếp\nTrả lời bằng số từ 1 đến 1."},
			data: []string{"next"},
		},
		{
			name:    "only URL buttons: no hint",
			replies: []bot.Reply{text("Xem", []bot.Button{{Label: "Trang", URL: "https://x.vn"}})},
			opts:    Options{Hint: hint},
			want:    []string{"Xem\n\n🔗 Trang: https://x.vn"},
		},
		{
			name:    "HTML hint is rendered, no hint when empty",
			replies: []bot.Reply{text("Q", []bot.Button{{Label: "A", Data: "a"}})},
			opts:    Options{Hint: "<i>Gõ số 1–{n}</i>"},
			want:    []string{"Q\n\n1. A\nGõ số 1–1"},
			data:    []string{"a"},
		},
		{
			name:    "labels are plain text on one line",
			replies: []bot.Reply{text("Q", []bot.Button{{Label: "A &amp; <b>\nB", Data: "a"}})},
			want:    []string{"Q\n\n1. A &amp; <b> B"},
			data:    []string{"a"},
		},
		{
			name: "numbering goes on across the turn, the hint follows the last list",
			replies: []bot.Reply{
				text("Một", []bot.Button{{Label: "A", Data: "a"}}),
				text("Hai", []bot.Button{{Label: "B", Data: "b"}, {Label: "C", Data: "c"}}),
				text("Ba"),
			},
			opts: Options{Limit: 2000, Hint: hint},
			want: []string{"Một\n\n1. A\n\nHai\n\n2. B\n3. C\nTrả lời bằng số từ 1 đến 3.\n\nBa"},
			data: []string{"a", "b", "c"},
		},
		{
			name: "edits and answers render to nothing, an alert becomes a message",
			replies: []bot.Reply{
				{Kind: bot.ReplyAnswer, CallbackID: "1", Text: "đã lưu"},
				{Kind: bot.ReplyEdit, EditID: 7, Buttons: [][]bot.Button{{{Label: "✓ Có", Data: "noop"}}}},
				{Kind: bot.ReplyAnswer, CallbackID: "2", Text: "Hết chỗ", Alert: true},
			},
			want: []string{"Hết chỗ"},
		},
		{
			name: "contact keyboard: the contact hint and numbered keyboard buttons",
			replies: []bot.Reply{{Kind: bot.ReplyText, Text: "Số điện thoại của bạn?",
				AskContact: "📱 Chia sẻ số của tôi", Keyboard: []string{"Bỏ qua"}}},
			opts: Options{Hint: hint, ContactHint: "Nhập số, ví dụ 0912345678."},
			want: []string{"Số điện thoại của bạn?\n\nNhập số, ví dụ 0912345678.\n1. Bỏ qua\nTrả lời bằng số từ 1 đến 1."},
			data: []string{""},
		},
		{
			name:    "contact button without a contact hint is left out",
			replies: []bot.Reply{{Text: "Số?", AskContact: "📱 Chia sẻ"}},
			want:    []string{"Số?"},
		},
		{
			name: "venue",
			replies: []bot.Reply{{Kind: bot.ReplyVenue, Venue: &bot.Venue{Lat: 21.028511, Lon: 105.854200,
				Title: "Công an phường <Hàng Bạc>", Address: "1 Hàng Bạc\nHoàn Kiếm"}}},
			want: []string{"📍 Công an phường <Hàng Bạc>\n1 Hàng Bạc Hoàn Kiếm\nhttps://www.google.com/maps/search/?api=1&query=21.028511,105.8542"},
		},
		{
			name:    "venue off the map has no link",
			replies: []bot.Reply{{Kind: bot.ReplyVenue, Venue: &bot.Venue{Lat: math.NaN(), Lon: 200, Title: "X"}}},
			want:    []string{"📍 X"},
		},
		{
			name:    "document with a link",
			replies: []bot.Reply{{Kind: bot.ReplyDocument, Document: ics}},
			opts:    Options{FileURL: fileURL},
			want:    []string{"Thêm vào lịch\n📎 vneid-ab12.ics: https://bot.example/ics/tok123"},
		},
		{
			name:    "document without a link",
			replies: []bot.Reply{{Kind: bot.ReplyDocument, Text: "Lịch hẹn", Document: &bot.Document{Name: "a.ics"}}},
			want:    []string{"Lịch hẹn\n📎 a.ics"},
		},
		{
			name: "replies that do not fit together start a new message",
			replies: []bot.Reply{
				text(strings.Repeat("a", 10)), text(strings.Repeat("b", 10)), text(strings.Repeat("c", 10)),
			},
			opts: Options{Limit: 25},
			want: []string{strings.Repeat("a", 10) + "\n\n" + strings.Repeat("b", 10), strings.Repeat("c", 10)},
		},
		{
			name:    "empty text and unknown kinds render to nothing",
			replies: []bot.Reply{text(" <b></b> "), {Kind: "sticker", Text: "x"}},
			want:    nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Render(tt.replies, tt.opts)
			if !slices.Equal(got.Messages, tt.want) {
				t.Errorf("Messages = %q\nwant       %q", got.Messages, tt.want)
			}
			var data []string
			for i, c := range got.Choices {
				if c.Number != i+1 {
					t.Errorf("choice %d has number %d", i, c.Number)
				}
				data = append(data, c.Data)
			}
			if !slices.Equal(data, tt.data) {
				t.Errorf("choice data = %q, want %q", data, tt.data)
			}
		})
	}
}

func TestRenderKeyboardChoiceSendsItsLabel(t *testing.T) {
	rd := Render([]bot.Reply{{Text: "Số?", Keyboard: []string{"Bỏ qua"}}}, Options{})
	c, ok := rd.Choose("1")
	if !ok || c.Text != "Bỏ qua" || c.Data != "" {
		t.Errorf("Choose(1) = %+v, %v", c, ok)
	}
}

func TestRenderMergesIntoFewMessagesWithinTheLimit(t *testing.T) {
	long := strings.Repeat("Mang theo căn cước và điện thoại có cài VNeID. ", 30) // ≈ 1410 units
	replies := []bot.Reply{text("Tiêu đề"), text(long), text(long), text("Hết", []bot.Button{{Label: "Menu", Data: "m"}})}
	got := Render(replies, Options{Limit: 2000, Hint: hint})
	if len(got.Messages) != 2 || !strings.HasPrefix(got.Messages[0], "Tiêu đề\n\nMang") {
		t.Fatalf("got %d messages, want 2: the title with the first text, the second text with the end", len(got.Messages))
	}
	for _, m := range got.Messages {
		if Length(m) > 2000 {
			t.Errorf("message of %d units", Length(m))
		}
	}
	if last := got.Messages[len(got.Messages)-1]; !strings.HasSuffix(last, "1. Menu\nTrả lời bằng số từ 1 đến 1.") {
		t.Errorf("last message = %q", last)
	}
}

func TestRenderSplitsALongReplyStartingInTheCurrentMessage(t *testing.T) {
	para := strings.Repeat("x", 30)
	long := strings.Join([]string{para, para, para, para}, "\n\n") // 126 units: must be split anyway
	got := Render([]bot.Reply{text("đầu"), text(long)}, Options{Limit: 70})
	want := []string{"đầu\n\n" + para + "\n\n" + para, para + "\n\n" + para}
	if !slices.Equal(got.Messages, want) {
		t.Errorf("Messages = %q\nwant       %q", got.Messages, want)
	}
}

func TestChoose(t *testing.T) {
	rd := Render([]bot.Reply{text("Q", []bot.Button{{Label: "A", Data: "a"}, {Label: "B", Data: "b"}})}, Options{})
	for typed, want := range map[string]string{
		"1": "a", " 2 ": "b", "2.": "b", "#1": "a", "２": "b", "02": "b", "1)": "a",
		"0": "", "3": "", "": "", "a": "", "1 2": "", "-1": "", "99999999999999999999": "",
	} {
		c, ok := rd.Choose(typed)
		if got := c.Data; ok != (want != "") || got != want {
			t.Errorf("Choose(%q) = %q, %v; want %q", typed, got, ok, want)
		}
	}
}

func TestRenderShowsAnAlertOnce(t *testing.T) {
	replies := []bot.Reply{
		{Kind: bot.ReplyAnswer, Text: "Bạn không có quyền.", Alert: true},
		text("<b>Bạn không có quyền.</b>", []bot.Button{{Label: "Menu", Data: "m"}}),
	}
	got := Render(replies, Options{})
	if want := []string{"Bạn không có quyền.\n\n1. Menu"}; !slices.Equal(got.Messages, want) {
		t.Errorf("Messages = %q, want %q", got.Messages, want)
	}
}
