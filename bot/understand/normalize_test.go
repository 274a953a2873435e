package understand

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"diacritics", "Cần mang gì?", "can mang gi"},
		{"no diacritics", "can mang gi", "can mang gi"},
		{"upper case and đ", "ĐĂNG KÝ Định Danh", "dang ky dinh danh"},
		{"decomposed input", "c\u0061\u0302\u0300n mang gi\u0300", "can mang gi"},
		{"chat spellings", "sđt ko chính chủ có làm đc không", "so dien thoai khong chinh chu co lam duoc"},
		{"sdt upper case", "SDT", "so dien thoai"},
		{"đt", "số đt của mẹ", "so dien thoai cua me"},
		{"k, hk, đc", "k có sim hk đc à", "khong co sim khong duoc"},
		{"hông", "hông có sđt", "khong co so dien thoai"},
		{"hong stays: it may be hỏng", "thẻ bị hỏng", "the bi hong"},
		{"j", "mang j", "mang gi"},
		{"mức 2", "mức 2", "lv2"},
		{"muc do 2", "muc do 2", "lv2"},
		{"cấp độ 2", "cấp độ 2", "lv2"},
		{"Level-2", "Level-2", "lv2"},
		{"LV2", "LV2", "lv2"},
		{"vn eid", "VN eID", "vneid"},
		{"cccd spelled out", "căn cước công dân", "cccd"},
		{"trailing particles", "làm ở đâu vậy ạ", "lam o dau"},
		{"trailing particles unaccented", "lam o dau vay", "lam o dau"},
		{"fillers", "ad ơi cho em hỏi làm mức 2 ở đâu", "cho lam lv2 o dau"},
		{"fullwidth", "ＶＮｅＩＤ　２级", "vneid 2级"},
		{"emoji and punctuation", "📱 điện thoại 👍!!!", "dien thoai"},
		{"chinese", "办下来需要多长时间？", "办下来需要多长时间"},
		{"chinese particles and 二级", "请问二级要带什么吗？", "2级要带什么"},
		{"korean without spaces", "여권 필요한가요?", "여권필요한가요"},
		{"english contractions and stems", "I don't have a phone", "not have phon"},
		{"english stems", "applied approval approved", "apply approv approv"},
		{"e-visa", "e-visa", "evisa"},
		{"nothing", "!!! 👍", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"điện thoại", "dien thoai"},
		{"ĐƯỢC", "ĐUOC"}, // fold leaves case alone; parse lowers first
		{"hộ chiếu", "ho chieu"},
		{"ascii", "ascii"},
		{"ăâêôơư", "aaeoou"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSegmentCountsScripts(t *testing.T) {
	q := parse("VNeID 2급 신청 办理 cần")
	if q.script.hangul != 3 || q.script.han != 2 || q.script.latin != 2 || q.script.viWords != 1 {
		t.Errorf("script = %+v", q.script)
	}
}
