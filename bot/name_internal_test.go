package bot

import "testing"

// TestLooksLikeQuestion: what people type at the name step. Questions are
// refused as names; real names, including ones whose folded words are
// also question words elsewhere (Đậu, Sao, Hồi, A), are not.
func TestLooksLikeQuestion(t *testing.T) {
	for _, tc := range []struct {
		text     string
		question bool
	}{
		{"làm ở đâu?", true},
		{"lam o dau", true},
		{"làm ở đâu", true},
		{"mất bao lâu", true},
		{"cần mang gì", true},
		{"có cần mang CMND không", true},
		{"cho hỏi làm ở đâu", true},
		{"how long does it take", true},
		{"Where do I go", true},
		{"在哪里办理？", true},
		{"어디에서 하나요?", true},
		{"Nguyễn Thị Lành", false},
		{"Trần Thị Đậu", false},
		{"Lê Văn Sao", false},
		{"Nguyễn Hồi", false},
		{"Nguyễn Văn A", false},
		{"KIM MINJUN", false},
		{"Đỗ Thị Gia", false},
	} {
		if got := looksLikeQuestion(tc.text, fold(tc.text)); got != tc.question {
			t.Errorf("looksLikeQuestion(%q) = %v, want %v", tc.text, got, tc.question)
		}
	}
}
