package bot_test

import (
	"testing"

	"github.com/eidbot/eidbot/bot"
)

func TestPersonalDetails(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"sđt em 0912345678 có làm được không", true},
		{"so dien thoai 0912 345 678", true},
		{"call +84 912-345-678", true},
		{"cccd 079203001234 bị lỗi", true},
		{"số cmnd 123456789", true},
		{"hộ chiếu M1234567 được không", true},
		{"email lan.nguyen@example.com", true},
		{"tên là Nguyễn Văn An", true},
		{"ten toi la An", true},
		{"my name is Kim", true},
		{"我叫张伟", true},
		{"제 이름은 김민준입니다", true},
		{"cần mang gì để làm định danh mức 2", false},
		{"trẻ 14 tuổi làm ở đâu", false},
		{"năm 2025 có bắt buộc không", false},
		{"tên làng tôi là gì", false},
		{"name on my passport differs", false},
		{"이름이 다르면 어떻게 하나요", false},
		{"我的名字不一致怎么办", false},
		{"@eid_bot what do I bring?", false},
		{"mất 7 ngày hay 15 ngày", false},
	} {
		if got := bot.PersonalDetails(c.text); got != c.want {
			t.Errorf("PersonalDetails(%q) = %t, want %t", c.text, got, c.want)
		}
	}
}
