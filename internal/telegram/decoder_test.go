package telegram

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

const updatesDir = "testdata/updates"

// testDecoder is our bot as in the hand-written cases: id and username.
func testDecoder() *Decoder { return &Decoder{BotID: 777, Username: "EidBot"} }

// updateFiles returns the real updates, keyed by their three-digit prefix.
func updateFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(updatesDir, "*.json"))
	if err != nil || len(paths) != 78 {
		tb.Fatalf("want 78 updates in %s, found %d (%v)", updatesDir, len(paths), err)
	}
	out := make(map[string][]byte, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out[filepath.Base(p)[:3]] = b
	}
	return out
}

// wantKinds lists every real update the bot acts on; all others are ignored.
var wantKinds = map[string]bot.UpdateKind{
	"001": bot.UpdateCommand, "002": bot.UpdateCommand, "003": bot.UpdateCommand,
	"004": bot.UpdateText, "005": bot.UpdateText, "006": bot.UpdateText,
	"007": bot.UpdateText, "008": bot.UpdateText,
	"017": bot.UpdateLocation, "019": bot.UpdateLocation,
	"020": bot.UpdateContact, "021": bot.UpdateContact,
	"022": bot.UpdateCommand, "023": bot.UpdateText,
	"024": bot.UpdateCommand, "025": bot.UpdateCommand, // forwarded "/start": Telegram marks it a command too
	"026": bot.UpdateText, "027": bot.UpdateText, "028": bot.UpdateText,
	"030": bot.UpdateCommand, "031": bot.UpdateText, "032": bot.UpdateText,
	"033": bot.UpdateCommand, "040": bot.UpdateMigrate,
	"048": bot.UpdateButton, "049": bot.UpdateButton, "050": bot.UpdateButton, "051": bot.UpdateButton,
	"056": bot.UpdateMembership, "057": bot.UpdateMembership,
}

func TestDecodeRealUpdates(t *testing.T) {
	files := updateFiles(t)
	d := testDecoder()
	for name, body := range files {
		t.Run(name, func(t *testing.T) {
			u, err := d.Decode(body)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			want, ok := wantKinds[name]
			if !ok {
				want = bot.UpdateIgnored
			}
			if u.Kind != want {
				t.Errorf("Kind = %q, want %q", u.Kind, want)
			}
			if id := strconv.FormatInt(rawUpdateID(t, body), 10); u.ID != id {
				t.Errorf("ID = %s, want %s", u.ID, id)
			}
		})
	}
}

func rawUpdateID(t *testing.T, body []byte) int64 {
	var v struct {
		UpdateID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	return v.UpdateID
}

// TestDecodeRealUpdateDetails checks the fields of the updates the bot acts on.
func TestDecodeRealUpdateDetails(t *testing.T) {
	files := updateFiles(t)
	d := testDecoder()
	decode := func(name string) bot.Update {
		t.Helper()
		u, err := d.Decode(files[name])
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	check := func(name, field string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %s = %v, want %v", name, field, got, want)
		}
	}

	u := decode("001")
	check("001", "Command", u.Command, "start")
	check("001", "Chat", u.Chat, bot.Chat{Channel: "tg", ID: "1111111", Kind: bot.ChatPrivate})
	check("001", "Addressed", u.Addressed, true)
	check("001", "Time", u.Time, time.Unix(1441645532, 0).UTC())

	u = decode("030")
	check("030", "Command", u.Command, "my_id")
	check("030", "Payload", u.Payload, "@nvt_ssh_bot")
	check("030", "Chat.Kind", u.Chat.Kind, bot.ChatGroup)
	check("030", "Addressed", u.Addressed, true)
	check("030", "From.LanguageCode", u.From.LanguageCode, "vi")

	u = decode("020")
	check("020", "Contact", *u.Contact, bot.Contact{Phone: "+380000000000", UserID: "tg:1005024016", Name: "ᴅ3ꜰᴀᴜʟᴛ ᴘʀᴏɢʀᴀᴍᴍᴇʀ"})

	u = decode("019")
	check("019", "Location set", u.Location != nil, true)

	u = decode("040")
	check("040", "MigrateTo", u.MigrateTo, "-1001555296434")
	check("040", "Chat.ID", u.Chat.ID, "-599075523")

	for _, name := range []string{"048", "051"} {
		u = decode(name)
		check(name, "Chat.ID", u.Chat.ID, "")
		check(name, "Button set", u.Button != nil && u.Button.CallbackID != "" && u.Button.Data != "", true)
	}
	u = decode("049")
	check("049", "Button", *u.Button, bot.Press{Data: "thedata", CallbackID: "666728699048485871", MessageID: 69587})
	check("049", "Chat.ID", u.Chat.ID, "222222222")

	check("056", "Blocked", decode("056").Blocked, true)
	u = decode("057")
	check("057", "Blocked", u.Blocked, false)
	check("057", "Chat.ID", u.Chat.ID, "287956415")

	u = decode("031") // a mention, not a reply: not for us in a group
	check("031", "Addressed", u.Addressed, false)
	check("031", "From.ID", u.From.ID, bot.UserID("tg:5519214459"))

	u = decode("046") // ignored, but still attributed
	check("046", "Chat.Kind", u.Chat.Kind, bot.ChatChannel)
	u = decode("058") // added to a group: not a block
	check("058", "Chat.Kind", u.Chat.Kind, bot.ChatGroup)
}

// TestDecodeUndecodable: the docs' inline query has a numeric id, which
// tgbotapi cannot decode. It must be acknowledged and logged without payload.
func TestDecodeUndecodable(t *testing.T) {
	var logs bytes.Buffer
	d := testDecoder()
	d.Log = slog.New(slog.NewJSONHandler(&logs, nil))
	u, err := d.Decode(updateFiles(t)["052"])
	if err != nil {
		t.Fatal(err)
	}
	if u.Kind != bot.UpdateIgnored || u.ID != "10000" {
		t.Errorf("got %+v, want ignored update 10000", u)
	}
	out := logs.String()
	if !strings.Contains(out, `"level":"WARN"`) || !strings.Contains(out, `"update_id":10000`) ||
		!strings.Contains(out, `"inline_query"`) {
		t.Errorf("log lacks level, update_id or keys: %s", out)
	}
	if strings.Contains(out, "inline query") || strings.Contains(out, "Testusername") {
		t.Errorf("log leaks payload: %s", out)
	}
}

func TestDecodeMalformed(t *testing.T) {
	for _, body := range []string{
		``, `null`, `[]`, `"x"`, `{}`, `{"update_id":null}`, `{"update_id":"5"}`,
		`{"update_id":1.5}`, `{"update_id":1e3}`, `{"update_id":99999999999999999999}`,
		`{"update_id":5`, `{"update_id":5,"inline_query":{"id":1}`,
	} {
		if _, err := testDecoder().Decode([]byte(body)); !errors.Is(err, ErrMalformedUpdate) {
			t.Errorf("Decode(%q) error = %v, want ErrMalformedUpdate", body, err)
		}
	}
	for _, body := range []string{`{"update_id":0}`, `{"update_id":-3,"whatever":[1]}`, `{"update_id":7,"message":"nope"}`} {
		if _, err := testDecoder().Decode([]byte(body)); err != nil {
			t.Errorf("Decode(%q) error = %v, want nil", body, err)
		}
	}
}

// groupMessage builds a group text update; extra is spliced into the message.
func groupMessage(text, entities, extra string) []byte {
	return []byte(`{"update_id":42,"message":{"message_id":9,"date":1700000000,` +
		`"from":{"id":5,"is_bot":false,"first_name":"Lan","language_code":"vi"},` +
		`"chat":{"id":-1001,"type":"supergroup","title":"Thôn 3"},` +
		`"text":` + strconv.Quote(text) + entities + extra + `}}`)
}

func TestDecodeGroupAddressing(t *testing.T) {
	cmd := func(n int) string {
		return `,"entities":[{"offset":0,"length":` + strconv.Itoa(n) + `,"type":"bot_command"}]`
	}
	replyTo := func(id int) string {
		return `,"reply_to_message":{"message_id":3,"date":1,"chat":{"id":-1001,"type":"supergroup"},"from":{"id":` +
			strconv.Itoa(id) + `,"is_bot":true,"first_name":"x"}}`
	}
	tests := []struct {
		name             string
		body             []byte
		kind             bot.UpdateKind
		addressed        bool
		command, payload string
	}{
		{"command for us", groupMessage("/Help@eidbot  now ", cmd(12), ""), bot.UpdateCommand, true, "help", "now"},
		{"command for another bot", groupMessage("/help@otherbot", cmd(14), ""), bot.UpdateIgnored, false, "", ""},
		{"bare command", groupMessage("/start abc", cmd(6), ""), bot.UpdateCommand, true, "start", "abc"},
		{"plain text", groupMessage("xin chào", "", ""), bot.UpdateText, false, "", ""},
		{"reply to us", groupMessage("xin chào", "", replyTo(777)), bot.UpdateText, true, "", ""},
		{"reply to someone else", groupMessage("xin chào", "", replyTo(778)), bot.UpdateText, false, "", ""},
		{"slash inside text", groupMessage("a /b", "", ""), bot.UpdateText, false, "", ""},
		{"entity not at 0", groupMessage(" /b", `,"entities":[{"offset":1,"length":2,"type":"bot_command"}]`, ""), bot.UpdateText, false, "", ""},
		{"entity longer than text", groupMessage("/go", cmd(40), ""), bot.UpdateCommand, true, "go", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := testDecoder().Decode(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if u.Kind != tt.kind || u.Addressed != tt.addressed || u.Command != tt.command || u.Payload != tt.payload {
				t.Errorf("got kind=%q addressed=%v command=%q payload=%q, want %q %v %q %q",
					u.Kind, u.Addressed, u.Command, u.Payload, tt.kind, tt.addressed, tt.command, tt.payload)
			}
			if u.Chat != (bot.Chat{Channel: "tg", ID: "-1001", Kind: bot.ChatGroup}) || u.From.ID != "tg:5" {
				t.Errorf("chat/from = %+v %+v", u.Chat, u.From)
			}
		})
	}
}

func TestDecodeCallback(t *testing.T) {
	body := []byte(`{"update_id":43,"callback_query":{"id":"cb1","chat_instance":"-5","data":"lang:en",` +
		`"from":{"id":5,"is_bot":false,"first_name":"Lan","language_code":"zh-TW"},` +
		`"message":{"message_id":77,"date":1700000000,"chat":{"id":5,"type":"private"},"from":{"id":777,"is_bot":true,"first_name":"EID"},"text":"Chọn"}}}`)
	u, err := testDecoder().Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Update{
		ID: "43", Kind: bot.UpdateButton, Addressed: true,
		Chat:   bot.Chat{Channel: "tg", ID: "5", Kind: bot.ChatPrivate},
		From:   bot.User{ID: "tg:5", FirstName: "Lan", LanguageCode: "zh-TW"},
		Button: &bot.Press{Data: "lang:en", CallbackID: "cb1", MessageID: 77},
	}
	if u.Button == nil || *u.Button != *want.Button {
		t.Fatalf("Button = %+v", u.Button)
	}
	u.Button, want.Button = nil, nil
	if u != want {
		t.Errorf("got %+v\nwant %+v", u, want)
	}
}

func TestDecodeInvalidUTF8(t *testing.T) {
	body := []byte("{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"a\xffb\"}}")
	u, err := testDecoder().Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	if u.Text != "a\uFFFDb" {
		t.Errorf("Text = %q", u.Text)
	}
}

// hasIntegerUpdateID is the fuzz oracle, written independently of envelope:
// the body is a JSON object whose update_id (as encoding/json fills a struct
// field) is an integer literal that fits in int64.
func hasIntegerUpdateID(body []byte) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return false
	}
	var v struct {
		UpdateID json.RawMessage `json:"update_id"`
	}
	if json.Unmarshal(body, &v) != nil {
		return false
	}
	_, err := strconv.ParseInt(string(v.UpdateID), 10, 64)
	return err == nil
}

func FuzzDecode(f *testing.F) {
	for _, body := range updateFiles(f) {
		f.Add(body)
	}
	f.Add([]byte(`{"update_id":1,"message":{"chat":{"id":1,"type":"group"},"text":"/x@y","entities":[{"type":"bot_command","offset":0,"length":-4}]}}`))
	f.Add(groupMessage("👋 @EidBot hỏi", `,"entities":[{"offset":3,"length":7,"type":"mention"},{"offset":9223372036854775807,"length":9,"type":"text_mention","user":{"id":777}}]`, ""))
	d := testDecoder()
	f.Fuzz(func(t *testing.T, body []byte) {
		u, err := d.Decode(body)
		if want := hasIntegerUpdateID(body); (err == nil) != want {
			t.Fatalf("Decode error = %v, but integer update_id present = %v", err, want)
		}
		if err != nil {
			return
		}
		if u.Kind == "" {
			t.Fatal("empty Kind")
		}
		if u.Kind == bot.UpdateCommand && (!strings.HasPrefix(u.Text, "/") || u.Command == "") {
			t.Fatalf("command %q from text %q", u.Command, u.Text)
		}
		for _, s := range []string{u.Text, u.Command, u.Payload, u.From.FirstName} {
			if !utf8Valid(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func BenchmarkDecodeText(b *testing.B) {
	body := updateFiles(b)["004"]
	benchmarkDecode(b, body)
}

func BenchmarkDecodeCallback(b *testing.B) {
	body := updateFiles(b)["049"]
	benchmarkDecode(b, body)
}

func benchmarkDecode(b *testing.B, body []byte) {
	d := testDecoder()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := d.Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDecodeGroupMention(t *testing.T) {
	mention := func(kind string, offset, length int) string {
		user := ""
		if kind == "text_mention" {
			user = `,"user":{"id":777,"is_bot":true,"first_name":"Eid"}`
		}
		return `,"entities":[{"offset":` + strconv.Itoa(offset) + `,"length":` + strconv.Itoa(length) + `,"type":"` + kind + `"` + user + `}]`
	}
	tests := []struct {
		name      string
		body      []byte
		addressed bool
		text      string
	}{
		{"mention first", groupMessage("@EidBot cần mang gì", mention("mention", 0, 7), ""), true, "cần mang gì"},
		{"mention in another case", groupMessage("@eidbot, làm ở đâu?", mention("mention", 0, 7), ""), true, "làm ở đâu?"},
		{"mention inside", groupMessage("cho hỏi @EidBot: làm ở đâu", mention("mention", 8, 7), ""), true, "cho hỏi làm ở đâu"},
		{"after an emoji", groupMessage("👋 @EidBot hi", mention("mention", 3, 7), ""), true, "👋 hi"},
		{"text mention of us", groupMessage("Eid ơi làm ở đâu", mention("text_mention", 0, 3), ""), true, "ơi làm ở đâu"},
		{"mention of someone else", groupMessage("@lan ơi làm ở đâu", mention("mention", 0, 4), ""), false, "@lan ơi làm ở đâu"},
		{"our name not marked", groupMessage("@EidBot làm ở đâu", "", ""), false, "@EidBot làm ở đâu"},
		{"entity beyond the text", groupMessage("@EidBot", mention("mention", 30, 7), ""), false, "@EidBot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := testDecoder().Decode(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if u.Kind != bot.UpdateText || u.Addressed != tt.addressed || u.Text != tt.text || u.MessageID != 9 {
				t.Errorf("got kind=%q addressed=%v text=%q message=%d, want text %v %q 9", u.Kind, u.Addressed, u.Text, u.MessageID, tt.addressed, tt.text)
			}
		})
	}
	// A real mention, of the bot that received it.
	u, err := (&Decoder{BotID: 1, Username: "ai999_bot"}).Decode(updateFiles(t)["031"])
	if err != nil || !u.Addressed || u.Text != "666" {
		t.Errorf("031 for @ai999_bot: addressed=%v text=%q %v", u.Addressed, u.Text, err)
	}
}
