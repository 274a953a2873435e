package appointment_test

import (
	"strings"
	"testing"
	"time"

	"github.com/eidbot/eidbot/bot"
)

// telegramQuestions are the booking questions as Telegram shows them: the
// channel's hint (send a location; share, type or skip a number) joins the
// question as one message, as it did before hints depended on the channel.
var telegramQuestions = map[string][2]string{
	"vi": {"Chọn nơi làm thủ tục.\n<i>Mẹo: gửi vị trí (📎 → Vị trí) để xem những nơi gần nhất trước.</i>",
		"Bạn có muốn để lại số điện thoại để cán bộ báo khi có thay đổi không? (Không bắt buộc)\nBấm <b>📱 Chia sẻ số của tôi</b>, gõ số di động Việt Nam, hoặc bấm <b>Bỏ qua</b>."},
	"en": {"Choose where to go.\n<i>Tip: send your location (📎 → Location) to see the nearest offices first.</i>",
		"A phone number the staff can call if something changes (optional).\nTap <b>📱 Share my number</b>, type a Vietnamese mobile number, or tap <b>Skip</b>."},
	"zh": {"请选择办理地点。\n<i>提示：发送您的位置（📎 → 位置），可优先显示最近的地点。</i>",
		"如有变动，工作人员可以拨打哪个手机号联系？（选填）\n请点击 <b>📱 分享我的号码</b>、输入越南手机号，或点击 <b>跳过</b>。"},
	"ko": {"신청 장소를 고르십시오.\n<i>위치를 보내 주시면(📎 → 위치) 가까운 곳부터 보여 드립니다.</i>",
		"일정이 바뀔 때 담당자가 연락할 휴대전화 번호를 알려 주십시오(선택).\n<b>📱 내 번호 공유</b>를 누르시거나, 베트남 휴대전화 번호를 입력하시거나, <b>건너뛰기</b>를 누르십시오."},
}

// toPhone books up to the phone question and returns the replies of the
// point question and of the phone question.
func (c *chat) toPhone() (point, phone []bot.Reply) {
	c.eligible()
	c.press("book")
	c.press("self")
	point = c.press("point")
	c.press("*")
	c.press("*")
	c.press("*")
	c.press("agree")
	c.press("no")
	return point, c.text("Lê Thị Hoa")
}

func TestTelegramQuestionsAreUnchanged(t *testing.T) {
	for lang, want := range telegramQuestions {
		c := newRig(t, func() time.Time { return early }).chat(t, lang)
		point, phone := c.toPhone()
		if q := point[len(point)-1]; !strings.HasSuffix(q.Text, want[0]) {
			t.Errorf("%s: point question:\n%s", lang, joined(point))
		}
		last := phone[len(phone)-1]
		if !strings.HasSuffix(last.Text, want[1]) || last.AskContact == "" || len(last.Keyboard) != 1 {
			t.Errorf("%s: phone question: %+v", lang, last)
		}
	}
}

func TestTerminalOffersOnlyWhatItCan(t *testing.T) {
	r := newRig(t, func() time.Time { return early })
	c := r.chat(t, "en")
	c.caps = &bot.Caps{Commands: []string{"quit"}}
	point, phone := c.toPhone()
	if strings.Contains(joined(point), "location") || !strings.Contains(joined(point), "Choose where to go.") {
		t.Errorf("point question:\n%s", joined(point))
	}
	last := phone[len(phone)-1]
	want := "A phone number the staff can call if something changes (optional).\nType a Vietnamese mobile number, or choose <b>Skip</b>."
	if !strings.HasSuffix(last.Text, want) || last.AskContact != "" || strings.Contains(last.Text, "Share my number") {
		t.Errorf("phone question: %+v", last)
	}
	if got := buttonData(last); got != "k|booking|phone b|booking|phone m" {
		t.Errorf("phone question buttons %q, want skip, back and menu", got)
	}
	if rs := c.cmd("help", ""); !strings.Contains(joined(rs), "/forget – delete your data\n/quit – leave the chat") {
		t.Errorf("/help on the terminal:\n%s", joined(rs))
	}
	if rs := r.chat(t, "en").cmd("help", ""); !strings.Contains(joined(rs), "/forget") || strings.Contains(joined(rs), "/quit") {
		t.Errorf("/help on Telegram lists /quit:\n%s", joined(rs))
	}
}

// buttonData is the data of every button of r, space-separated.
func buttonData(r bot.Reply) string {
	var data []string
	for _, row := range r.Buttons {
		for _, b := range row {
			data = append(data, b.Data)
		}
	}
	return strings.Join(data, " ")
}
