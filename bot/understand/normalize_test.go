package understand

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"diacritics", "Cần mang gì?", "can mang gi"},
		{"no diacritics", "can mang gi", "can mang gi"},
		{"upper case and đ", "ĐĂNG KÝ Định Danh", "dangky dinh danh"},
		{"decomposed input", "c\u0061\u0302\u0300n mang gi\u0300", "can mang gi"},
		{"chat spellings", "sđt ko chính chủ có làm đc không", "so dien thoai khong chinh chu co lam duoc"},
		{"sdt upper case", "SDT", "so dien thoai"},
		{"đt", "số đt của mẹ", "so dien thoai cua me"},
		{"k, hk, đc", "k có sim hk đc à", "khongco sim khong duoc"},
		{"hông", "hông có sđt", "khongco so dien thoai"},
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
		{"more chat spellings", "đk ở đâu, nc ngoài, tgian, ttin, hchieu, khôg", "dangky o dau nuoc ngoai thoi gian thong tin ho chieu khong"},
		{"english contractions are not other words", "I'll go, it’s my wife's, we'd, I've, we're", "go wife we we"},
		{"english synonyms", "my kid's teacher, a mistake, ill", "child teacher wrong sick"},
		{"o'clock keeps its letters", "9 o'clock", "9 oclock"},
		{"e-visa", "e-visa", "evisa"},
		{"compounds whose syllables collide once folded", "mất mật khẩu, khuôn mặt", "mat matkhau khuonmat"},
		{"căn cước is not cần", "cần căn cước", "can cancuoc"},
		{"thế nào is one word", "làm như thế nào, thẻ thế nào", "lam thenao the thenao"},
		{"tới is đến, not the filler tôi", "tôi tới đâu", "den dau"},
		{"more chat spellings and fillers", "ck em cần gì mn", "chong can gi"},
		{"ông xã, bà xã", "ông xã em, bà xã", "chong vo"},
		{"lone hangul letters are emoticons", "안 됐어요ㅠㅠ ㅋㅋ", "안됐어요"},
		{"chinese a-not-a", "能不能办？可不可以，有没有", "能办 可以 有"},
		{"digits before han or hangul belong to the run", "VNeID二级认证 VNeID2단계", "vneid vneid 2级 2단계"},
		{"没有 is 无, so that 有居留卡 is not inside it", "没有居留卡", "无居留卡"},
		{"không có and chưa có are one word", "chưa có thẻ tạm trú, có thẻ", "khongco the tam tru co the"},
		{"còn and đợi", "còn dùng được, đợi lâu", "van dung duoc cho lau"},
		{"nhà after a word of place is not the particle nha", "lam tai nha nha", "lam tai nha"},
		{"chinese spellings of one word", "账号 帐户 暂住证", "账户 账户 居留卡"},
		{"english spellings", "driver's license cancelled, visa extension", "driv licenc cancel visa renew"},
		{"extended is renewed", "my TRC got extended, extending, renewed", "trc got renew renew renew"},
		{"a visa exemption is a visa, not a fee", "visa-free, visa exemption, without a visa", "visa visafree visa visafree visa visafree"},
		{"an exam is a test", "driving exam", "driv test"},
		{"thị thực is a visa", "miễn thị thực", "mien visa"},
		{"office, visa-free, work permit and licence spellings", "出入境管理处 免签证 劳动许可证 驾驶证", "出入境 免签 工作许可 驾照"},
		{"korean spellings of one word", "출입국관리사무소 비자 면제 워크퍼밋 운전면허증", "출입국무비자노동허가운전면허"},
		{"amounts of money are one word", "đóng 300k, 500 nghìn đồng, 2tr, 1 million dong, 50 usd", "dong sotien sotien sotien sotien sotien"},
		{"digits before k or đóng are not money", "mức 2 k đóng, có 2 đóng", "lv2 khong dong co 2 dong"},
		{"xử phạt is phạt, not the coin xu", "bị xử phạt, không mất xu nào", "bi phat khong xu nao"},
		{"mất is a loss, not the time or money something takes", "mất thẻ, mất bao lâu, mất mấy ngày, mất phí", "mat the bao lau bao nhieu ngay phi"},
		{"silence", "vẫn im re, im ru, im lặng", "van imlang imlang imlang"},
		{"never had is without", "chưa bao giờ có cccd, chưa từng có sim", "khongco cccd khongco sim"},
		{"mấy ngày is bao nhiêu ngày", "mấy ngày, mấy hôm, bao nhiêu hôm, mấy tuần", "bao nhieu ngay bao nhieu ngay bao nhieu ngay bao nhieu tuan"},
		{"a SIM blocked both ways", "sim bị khóa 2 chiều, khoá hai chiều", "sim bi khoa haichieu khoa haichieu"},
		{"bằng lái and giấy phép lái xe are gplx", "bằng lái xe, bằng lái, giấy phép lái xe, GPLX", "gplx gplx gplx gplx"},
		{"smartphone", "điện thoại thông minh, smart phone", "smartphone smartphone"},
		{"in the first place is no first time", "how do I apply in the first place", "how apply"},
		{"laughter and ủa", "ủa lol haha làm ở đâu", "lam o dau"},
		{"PA08", "phòng PA 08", "phong pa08"},
		{"unaccented con before a verb of still working is còn", "the mat roi tk con dung dc ko, van con cmnd", "the mat roi tai khoan van dung duoc khong van van cmnd"},
		{"con stays a child otherwise, and with diacritics", "cho con lam, con dùng chung", "cho con lam con dung chung"},
		{"ages and hours typed with their unit", "con 10t, be 3tuoi, my 4yo, luc 9h30 hay 8h", "con 10 tuoi be 3 tuoi 4 year old luc 9 gio hay 8 gio"},
		{"1tr2 is an amount, and mất before an amount is its cost", "mất 1tr2", "sotien"},
		{"mạng is not mang (bring)", "nhà mạng, cần mang gì", "nha mangluoi can mang gi"},
		{"xử lý is not the coin xu", "đang xử lý, mất xu nào", "dang xuly xu nao"},
		{"more chat spellings", "nhờ ae làm dùm, thẻ hư, người tq", "nho lam giup the hong nguoi trung quoc"},
		{"english chat spellings", "docs for my gf, DOB and date of birth, legit tmrw", "document for girlfriend birthday and birthday real tomorrow"},
		{"a doubled consonant before ed and ing", "swapped, logging, called, added", "swap log call add"},
		{"居住卡 is the residence card", "居住卡 居住证", "居留卡 居留卡"},
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
