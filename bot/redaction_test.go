package bot_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/eidbot/eidbot/bot"
)

// redactions are typed questions as residents and foreigners write them,
// with what Redact must keep of them.
var redactions = []struct{ name, in, want string }{
	// Vietnamese with diacritics.
	{"vi name", "Tên tôi là Nguyễn Văn An, cần mang gì để làm định danh mức 2?",
		"Tên tôi là <name>, cần mang gì để làm định danh mức 2?"},
	{"vi name no comma", "tên tôi là Nguyễn Thị Hồng Nhung muốn hỏi làm ở đâu",
		"tên tôi là <name> muốn hỏi làm ở đâu"},
	{"vi tôi tên", "Tôi tên Lan. Sđt 0912 345 678 không chính chủ có làm được không ạ",
		"Tôi tên <name>. Sđt <phone> không chính chủ có làm được không ạ"},
	{"vi em tên là", "em tên là hoa, cccd 079203001234 bị sai ngày sinh 12/05/1960",
		"em tên là <name>, cccd <number> bị sai ngày sinh <number>"},
	{"vi email", "gửi kết quả vào mail nguyenvanan1960@gmail.com giúp em",
		"gửi kết quả vào mail <email> giúp em"},
	{"vi phone +84", "số +84 912 345 678 của con trai tôi dùng được không",
		"số <phone> của con trai tôi dùng được không"},
	{"vi level kept", "mức 2 có bắt buộc không", "mức 2 có bắt buộc không"},
	{"vi name question kept", "họ tên trên cccd bị sai thì sao", "họ tên trên cccd bị sai thì sao"},
	// Vietnamese without diacritics, in chat spelling.
	{"vi plain name", "ten toi la nguyen van an muon hoi lam o dau",
		"ten toi la <name> hoi lam o dau"},
	{"vi plain phone", "sdt 0912345678 ko chinh chu co lam dc ko",
		"sdt <phone> ko chinh chu co lam dc ko"},
	{"vi plain glued", "sdt0912345678 ko chinh chu", "sdt<phone> ko chinh chu"},
	{"vi plain lv2", "lam lv2 o dau", "lam lv2 o dau"},
	// Vietnamese typed decomposed (a letter, then its combining marks).
	{"vi decomposed", "Te\u0302n to\u0302i la\u0300 Lan, o\u031B\u0309 đâu",
		"Te\u0302n to\u0302i la\u0300 <name>, o\u031B\u0309 đâu"},
	// English.
	{"en name", "Hi, my name is John Smith and my passport is C1234567, where do I apply?",
		"Hi, my name is <name> and my passport is <id>, where do I apply?"},
	{"en name's", "my name's kim, phone +82 10 1234 5678", "my name's <name>, phone <phone>"},
	{"en link and user", "see https://example.com/u?id=42 or ask @nguyen_van_an", "see <link> or ask <user>"},
	{"en two-letter id", "residence card EA1234567 expired", "residence card <id> expired"},
	// Chinese.
	{"zh name", "我叫王小明，护照号E12345678，在哪里办理？", "我叫<name>，护照号<id>，在哪里办理？"},
	{"zh name glued", "我叫王小明想问一下要多久", "我叫<name>想问一下要多久"},
	{"zh name spaced", "我叫 王小明 电话0912345678", "我叫 <name> 电话<phone>"},
	{"zh family name", "我姓李，需要带什么", "我姓<name>，需要带什么"},
	{"zh full-width digits", "电话０９１２３４５６７８", "电话<phone>"},
	// Korean.
	{"ko name", "제 이름은 김민준입니다. 여권 M12345678 필요한가요?", "제 이름은 <name>. 여권 <id> 필요한가요?"},
	{"ko glued", "제이름은김민준입니다 거주증 있어요", "제이름은<name> 거주증 있어요"},
	{"ko family name apart", "제 이름은 김 민준 전화 010-1234-5678", "제 이름은 <name> 전화 <phone>"},
	{"ko no name", "저는 외국인인데 어디서 신청해요?", "저는 외국인인데 어디서 신청해요?"},
	// Anything.
	{"controls", "where\n\tdo I\u202e apply\u200b?\x1b[31m", "where do I apply ? [<number>m"},
	{"empty", "  \n ", ""},
}

func TestRedact(t *testing.T) {
	for _, tc := range redactions {
		if got := bot.Redact(tc.in); got != tc.want {
			t.Errorf("%s: Redact(%q)\n got %q\nwant %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestRedactTwice: a redacted text redacts to itself, so a store may
// redact what it is given again.
func TestRedactTwice(t *testing.T) {
	for _, tc := range redactions {
		if again := bot.Redact(tc.want); again != tc.want {
			t.Errorf("%s: Redact(%q) = %q", tc.name, tc.want, again)
		}
	}
}

func TestRedactLength(t *testing.T) {
	got := bot.Redact(strings.Repeat("hỏi ", 200))
	if n := len([]rune(got)); n != 280 || !strings.HasSuffix(got, "…") {
		t.Fatalf("%d characters: %q", n, got)
	}
}

// FuzzRedact checks what Redact promises whatever is typed: no two digits
// in a row, no '@' before a dot-separated domain, no control character,
// at most 280 characters, and redacting again changes nothing.
func FuzzRedact(f *testing.F) {
	for _, tc := range redactions {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := bot.Redact(in)
		if again := bot.Redact(out); again != out {
			t.Fatalf("Redact(%q) = %q, and again %q", in, out, again)
		}
		if n := len([]rune(out)); n > 280 {
			t.Fatalf("Redact(%q): %d characters", in, n)
		}
		prevDigit := false
		for _, r := range out {
			digit := unicode.IsDigit(r)
			if digit && prevDigit || unicode.IsControl(r) {
				t.Fatalf("Redact(%q) = %q", in, out)
			}
			prevDigit = digit
		}
	})
}
