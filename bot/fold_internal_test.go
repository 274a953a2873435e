package bot

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Có":                "co",
		"KHÔNG":             "khong",
		"khong":             "khong",
		"Không ạ!":          "khong a",
		"ko\u0302ng":        "kong", // decomposed: the marks go
		"✅ Có, thẻ còn hạn": "co the con han",
		"Đúng rồi.":         "dung roi",
		"Người nước ngoài":  "nguoi nuoc ngoai",
		"  ☰  Menu ":        "menu",
		"没有，只有签证":           "没有 只有签证",
		"아니요, 유지합니다":        "아니요 유지합니다",
		"ỳ ý ỵ ỷ ỹ Ạ Ặ Ẩ đ Đ ư ơ ứ ờ": "y y y y y a a a d d u o u o",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTypedYesNo(t *testing.T) {
	yes := []string{"có", "Có", "co", "CÓ!", "có ạ", "dạ có", "vâng", "ừ", "yes", "Yes.", "y", "ok", "是", "有", "对的", "네", "예", "응"}
	no := []string{"không", "khong", "Không.", "ko", "k", "chưa", "chua co", "dạ không", "no", "No!", "nope", "not yet", "不", "没有", "否", "아니요", "아니", "없어요"}
	neither := []string{"", "1", "có cần mang hộ chiếu không", "can mang gi", "yes please do it", "有什么需要带的", "네이버", "không biết"}
	for _, s := range yes {
		if y, ok := typedYesNo(s); !ok || !y {
			t.Errorf("typedYesNo(%q) = %v, %v; want yes", s, y, ok)
		}
	}
	for _, s := range no {
		if y, ok := typedYesNo(s); !ok || y {
			t.Errorf("typedYesNo(%q) = %v, %v; want no", s, y, ok)
		}
	}
	for _, s := range neither {
		if _, ok := typedYesNo(s); ok {
			t.Errorf("typedYesNo(%q) read as an answer", s)
		}
	}
}

// TestLabelYesNo reads labels as the locale files write them.
func TestLabelYesNo(t *testing.T) {
	yes := []string{"✅ Có, thẻ còn hạn", "📱 Đã có mức độ 1", "🔔 Có, nhắc tôi", "🗑 Có, xóa hết", "📱 Yes, I have level 1",
		"✖ Yes, cancel", "🔔 需要提醒", "🗑 是，删除", "✖ 确定取消", "🔔 네, 알림 받기", "✅ 있음", "📱 1단계 있음"}
	no := []string{"❌ Không", "➖ Chưa có", "🔕 Không cần nhắc", "Không, giữ lại", "➖ Not yet", "🔕 No reminders",
		"No, keep it", "🔕 不用提醒", "➖ 还没有", "否，保留", "아니요, 유지합니다", "➖ 아직 없음", "❌ 是别人", "🔕 알림 받지 않기"}
	neither := []string{"🇻🇳 Công dân Việt Nam", "🤔 Chưa chắc?", "🤔 Not sure", "🤔 不确定", "🤔 잘 모름", "☰ Menu", "◀ Quay lại", "Nothing", "Coffee", "▶ Tiếp tục", "↺ 처음부터"}
	for _, s := range yes {
		if y, ok := labelYesNo(s); !ok || !y {
			t.Errorf("labelYesNo(%q) = %v, %v; want yes", s, y, ok)
		}
	}
	for _, s := range no {
		if y, ok := labelYesNo(s); !ok || y {
			t.Errorf("labelYesNo(%q) = %v, %v; want no", s, y, ok)
		}
	}
	for _, s := range neither {
		if _, ok := labelYesNo(s); ok {
			t.Errorf("labelYesNo(%q) read as yes or no", s)
		}
	}
}

func TestYesNoChoice(t *testing.T) {
	label := func(s string) string { return s }
	phone := []string{"✅ Có, chính chủ", "❌ Không", "🤔 Chưa chắc", "◀ Quay lại", "☰ Menu"}
	if c, ok := yesNoChoice("có", phone, label); !ok || c != phone[0] {
		t.Errorf("có = %q, %v", c, ok)
	}
	if c, ok := yesNoChoice("khong", phone, label); !ok || c != phone[1] {
		t.Errorf("khong = %q, %v", c, ok)
	}
	// With "not sure" beside them, "有" and "no" still pick their choice.
	zh := []string{"✅ 有，本人名下", "❌ 没有", "🤔 不确定"}
	if c, ok := yesNoChoice("有", zh, label); !ok || c != zh[0] {
		t.Errorf("有 = %q, %v", c, ok)
	}
	en := []string{"✅ Yes, in their name", "❌ No", "🤔 Not sure"}
	if c, ok := yesNoChoice("no", en, label); !ok || c != en[1] {
		t.Errorf("no = %q, %v", c, ok)
	}
	who := []string{"🇻🇳 Công dân Việt Nam", "🌏 Người nước ngoài"}
	if c, ok := yesNoChoice("có", who, label); ok {
		t.Errorf("a question that is not yes/no took %q", c)
	}
	menu := []string{"✅ Kiểm tra điều kiện", "📋 Giấy tờ cần mang"}
	if c, ok := yesNoChoice("có", menu, label); ok {
		t.Errorf("a menu with one ✅ took %q", c)
	}
}

func TestChoiceNumber(t *testing.T) {
	for typed, want := range map[string]int{"1": 1, " 2 ": 2, "2.": 2, "#3": 3, "３": 3, "12)": 12, "0": 0, "-1": 0, "": 0, "a": 0, "1 2": 0, "99999": 0} {
		n, ok := ChoiceNumber(typed)
		if ok != (want > 0) || ok && n != want {
			t.Errorf("ChoiceNumber(%q) = %d, %v; want %d", typed, n, ok, want)
		}
	}
}
