package booking

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func appointment() Event {
	return Event{
		UID:      "K7Q-4MX@eidbot",
		Sequence: 1,
		Start:    clock(2026, 11, 24, 7, 30),
		End:      clock(2026, 11, 24, 7, 50),
		Summary:  "Đăng ký định danh điện tử mức 2 – Công an phường Bến Thành",
		Location: "Đường Lê Lai, Phường Bến Thành, TP. Hồ Chí Minh",
		Description: "Mã đặt lịch: K7Q-4MX\nMang theo: thẻ căn cước (bản gốc); điện thoại có SIM chính chủ.\n" +
			"Kết quả dự kiến: chậm nhất Thứ Tư, 25/11/2026 (ước tính).",
		Lat:   10.771,
		Lon:   106.695,
		Stamp: time.Date(2026, 11, 20, 2, 3, 4, 0, time.UTC),
	}
}

func TestICSGolden(t *testing.T) {
	golden(t, "appointment.ics", ICS(appointment()))

	ev := appointment()
	ev.Summary = "VNeID level 2 – Immigration Division (PA08)"
	ev.Location = "196 Nguyen Thi Minh Khai Street, Xuan Hoa Ward, Ho Chi Minh City"
	ev.Description = "申请VNeID二级账户。请携带护照和居留卡原件。\n전자신분 2단계 신청: 여권과 거주증 원본을 지참하세요."
	ev.Lat, ev.Lon = 0, 0 // unknown: no GEO
	ev.Sequence = 0
	golden(t, "appointment_foreigner.ics", ICS(ev))
}

func TestICSStructure(t *testing.T) {
	out := string(ICS(appointment()))
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") || !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Error("lines must end in CRLF, and only there")
	}
	for _, want := range []string{
		"METHOD:PUBLISH\r\n", "PRODID:-//eidbot//eidbot booking//EN\r\n",
		"TZID:Asia/Ho_Chi_Minh\r\n", "TZOFFSETTO:+0700\r\n",
		"DTSTART;TZID=Asia/Ho_Chi_Minh:20261124T073000\r\n",
		"DTEND;TZID=Asia/Ho_Chi_Minh:20261124T075000\r\n",
		"DTSTAMP:20261120T020304Z\r\n", "SEQUENCE:1\r\n", "UID:K7Q-4MX@eidbot\r\n",
		"GEO:10.771000;106.695000\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	// Times given in UTC still come out as local wall-clock time.
	ev := appointment()
	ev.Start, ev.End = ev.Start.UTC(), ev.End.UTC()
	ev.Stamp = clock(2026, 11, 20, 9, 3)
	out = string(ICS(ev))
	if !strings.Contains(out, "DTSTART;TZID=Asia/Ho_Chi_Minh:20261124T073000") || !strings.Contains(out, "DTSTAMP:20261120T020300Z") {
		t.Errorf("zones not converted:\n%s", out)
	}
	ev.Summary, ev.Location, ev.Description, ev.Sequence = "", "", "", -3
	out = string(ICS(ev))
	if strings.Contains(out, "SUMMARY") || strings.Contains(out, "LOCATION") || !strings.Contains(out, "SEQUENCE:0\r\n") {
		t.Errorf("empty TEXT should be omitted and SEQUENCE clamped:\n%s", out)
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"line1\nline2\r\nline3\rline4", `line1\nline2\nline3\nline4`},
		{"tab\tkept, bell\a dropped", `tab` + "\t" + `kept\, bell dropped`},
		{"Đường Lê Lai, P. Bến Thành", `Đường Lê Lai\, P. Bến Thành`},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestICSFolding(t *testing.T) {
	long := map[string]string{
		"vi": strings.Repeat("Đăng ký tài khoản định danh điện tử mức độ 2 tại Công an phường; ", 6),
		"zh": strings.Repeat("请携带护照和居留卡原件，并使用以本人名义登记的越南手机号码。", 6),
		"ko": strings.Repeat("여권과 거주증 원본, 본인 명의의 베트남 휴대전화 번호가 필요합니다. ", 6),
		// Backslashes everywhere: a fold must not land inside an escape.
		"escapes": strings.Repeat(`\,;`, 80),
	}
	for lang, text := range long {
		ev := appointment()
		ev.Description = text
		out := string(ICS(ev))
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		var unfolded strings.Builder
		for i, l := range lines {
			if len(l) > icsLine {
				t.Errorf("%s: line %d is %d octets", lang, i, len(l))
			}
			if !utf8.ValidString(l) {
				t.Errorf("%s: line %d splits a UTF-8 sequence: %q", lang, i, l)
			}
			if strings.HasPrefix(l, " ") {
				if prev := lines[i-1]; strings.HasSuffix(prev, `\`) && !strings.HasSuffix(prev, `\\`) {
					t.Errorf("%s: line %d ends inside an escape", lang, i-1)
				}
				unfolded.WriteString(l[1:])
			} else {
				unfolded.WriteString("\n" + l)
			}
		}
		if want := "\nDESCRIPTION:" + escapeText(text) + "\n"; !strings.Contains(unfolded.String()+"\n", want) {
			t.Errorf("%s: unfolding does not give back the escaped text", lang)
		}
	}
}
