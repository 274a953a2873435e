package understand

import "strings"

// The tables below are the chat spellings people use when they type to a
// bot in a hurry. They are package-level values that are never written
// after initialisation (composite literals, no init function).

// trailingParticles are raw words (diacritics kept) that end a Vietnamese
// question politely and carry no meaning: "làm ở đâu vậy ạ". Only trailing
// ones are dropped; "the" is not among them, since unaccented it may be
// "thẻ" (card).
var trailingParticles = set("ạ", "a", "à", "ơi", "oi", "nhé", "nhe", "nha", "nhá", "vậy", "vay", "thế", "z",
	"ha", "hả", "hà", "ah", "ak", "ạk", "nhỉ", "nhở", "đó", "đấy", "với", "ko", "k", "hông", "không", "khong", "chưa",
	"ad", "mn", "mng")

// rawSpellings are chat spellings recognised before folding, because their
// folded form means something else ("hông" = không, "hỏng" = broken).
var rawSpellings = map[string][]string{
	"hông": {"khong"},    // unaccented "hong" stays: it is often "hỏng" (broken)
	"tới":  {"den"},      // "tới đâu" = "đến đâu"; folded it would be "toi", a filler (tôi)
	"còn":  {"van"},      // "còn dùng được" = "vẫn dùng được"; folded it would be "con" (child)
	"đợi":  {"cho"},      // "đợi" = "chờ" (wait); folded it would be "doi", as "đổi" (change)
	"rơi":  {"mat"},      // "đánh rơi thẻ" (dropped, lost); folded it would be "roi", as "rồi"
	"mạng": {"mangluoi"}, // "nhà mạng" (the carrier), "lên mạng"; folded it would be "mang" (bring)
}

// spellings maps a folded chat spelling to its full folded words.
var spellings = map[string][]string{
	// Vietnamese
	"sdt": words("so dien thoai"), "sodt": words("so dien thoai"), "dt": words("dien thoai"),
	"dtdd": words("dien thoai"), "ko": {"khong"}, "k": {"khong"}, "kh": {"khong"}, "hk": {"khong"},
	"hok": {"khong"}, "khum": {"khong"}, "khom": {"khong"}, "khg": {"khong"}, "kg": {"khong"},
	"hem": {"khong"}, "dc": {"duoc"}, "duocj": {"duoc"}, "j": {"gi"}, "ji": {"gi"}, "r": {"roi"},
	"ntn": words("nhu the nao"), "bh": words("bao gio"), "bgio": words("bao gio"), "bn": words("bao nhieu"),
	"ng": {"nguoi"}, "vs": {"voi"}, "tk": words("tai khoan"), "hs": words("ho so"), "cmt": {"cmnd"},
	"cmtnd": {"cmnd"}, "lm": {"lam"}, "ms": {"moi"}, "mun": {"muon"}, "wa": {"qua"}, "cx": {"cung"},
	"bit": {"biet"}, "ki": {"ky"}, "dky": words("dang ky"), "dki": words("dang ky"), "dangki": words("dang ky"),
	"dangky": words("dang ky"), "z": {"vay"}, "dinhdanh": words("dinh danh"),
	"nuocngoai": words("nuoc ngoai"), "ncngoai": words("nuoc ngoai"),
	"ck": {"chong"}, "vk": {"vo"}, "bme": words("bo me"), "cty": words("cong ty"), "xnc": words("xuat nhap canh"),
	"nhiu": {"nhieu"}, "bik": {"biet"}, "dag": {"dang"}, "thui": {"thoi"}, "tp": words("thanh pho"),
	"dum": {"giup"}, "gium": {"giup"}, "tq": words("trung quoc"), "hq": words("han quoc"), "fb": {"facebook"},
	"hu": {"hong"}, "cavet": words("ca vet"),
	"dk": words("dang ky"), "nc": {"nuoc"}, "mk": {"minh"}, "lun": {"luon"}, "hnay": words("hom nay"),
	"ngta": words("nguoi ta"), "tgian": words("thoi gian"), "ttin": words("thong tin"), "hchieu": words("ho chieu"),
	"khog": {"khong"}, "khoq": {"khong"}, "ik": {"di"},
	// English
	"whats": {"what"}, "wheres": {"where"}, "hows": {"how"}, "cant": words("can not"), "cannot": words("can not"),
	"dont": {"not"}, "doesnt": {"not"}, "didnt": {"not"}, "havent": {"not"}, "hasnt": {"not"},
	"isnt": {"not"}, "arent": {"not"}, "wasnt": {"not"}, "wont": {"not"}, "ur": {"your"},
	"thx": {"thanks"}, "appt": {"appointment"}, "wanna": {"want"}, "gotta": words("have to"),
	"dunno": words("not know"), "idk": words("not know"),
	"docs": {"documents"}, "doc": {"document"}, "yo": words("year old"), "yrs": {"years"}, "yr": {"year"},
	"tmrw": {"tomorrow"}, "tmr": {"tomorrow"}, "temp": {"temporary"}, "gf": {"girlfriend"},
	"bf": {"boyfriend"}, "legit": {"real"}, "trcs": {"trc"}, "dob": {"birthday"},
	// British and American spellings are one word.
	"license": {"licence"}, "licenses": {"licence"}, "cancelled": {"cancel"}, "canceled": {"cancel"},
	// and a noun is its verb where the stemmer cannot tell
	"extension": {"renew"}, "extensions": {"renew"}, "extend": {"renew"}, "extended": {"renew"},
	"extends": {"renew"}, "extending": {"renew"},
	// a driver's licence is a driving licence
	"driver": {"driving"}, "drivers": {"driving"}, "exam": {"test"}, "exams": {"test"}, "examination": {"test"},
	// English words of one meaning are one word, so that a question that
	// says "teenager" or "location" meets the examples that say "child"
	// or "address" (the stemmer cannot join them, and the examples cannot
	// hold every synonym of every word).
	"kid": {"child"}, "kids": {"child"}, "children": {"child"}, "minor": {"child"}, "minors": {"child"},
	"toddler": {"child"}, "toddlers": {"child"}, "youngster": {"child"},
	// but not a baby ("a baby's birth" is out of scope) nor a teenager
	// (a first citizen ID card at 14 is a neighbouring service)
	"grandma": {"grandparent"}, "grandmother": {"grandparent"}, "granny": {"grandparent"}, "grandpa": {"grandparent"},
	"grandfather": {"grandparent"}, "grandparents": {"grandparent"}, "grandmothers": {"grandparent"},
	"mom": {"mother"}, "mum": {"mother"}, "mommy": {"mother"}, "mummy": {"mother"}, "dad": {"father"}, "daddy": {"father"},
	"ill": {"sick"}, "unwell": {"sick"}, "bedbound": {"bedridden"}, "housebound": {"bedridden"},
	"incorrect": {"wrong"}, "mistake": {"wrong"}, "mistakes": {"wrong"}, "typo": {"wrong"}, "typos": {"wrong"},
	"misspelled": words("wrong spelled"), "misspelt": words("wrong spelled"),
	"compulsory": {"mandatory"}, "obligatory": {"mandatory"},
	"fined": {"fine"}, "fines": {"fine"}, "penalties": {"penalty"}, "penalised": {"penalty"}, "penalized": {"penalty"},
	"scammer": {"scam"}, "scammers": {"scam"}, "scammed": {"scam"}, "fraudster": {"fraud"}, "fraudsters": {"fraud"},
	"phishing": {"scam"},
	"password": {"passcode"}, "passwords": {"passcode"},
	"notification": {"notice"}, "notifications": {"notice"}, "announcement": {"notice"}, "announcements": {"notice"},
	"alert": {"notice"}, "alerts": {"notice"},
	"erase": {"delete"}, "wipe": {"delete"},
	"location": {"address"}, "locations": {"address"},
	"postpone": {"reschedule"}, "rebook": {"reschedule"},
	"price": {"cost"}, "prices": {"cost"}, "pricing": {"cost"}, "fees": {"fee"},
	"cellphone": {"phone"}, "handphone": {"phone"}, "cellular": {"phone"},
	"expiry": {"expire"}, "expiration": {"expire"},
	"robbed": {"stolen"}, "pickpocketed": {"stolen"}, "stole": {"stolen"}, "steal": {"stolen"}, "misplaced": {"lost"},
	"ruined": {"damaged"}, "wrecked": {"damaged"}, "busted": {"damaged"},
	"reserve": {"book"}, "reservation": {"book"},
}

// term joins a multi-word term into one word, so that every spelling of it
// is the same feature: "mức 2", "muc do 2", "level 2", "lv2" → "lv2".
type term struct {
	from []string
	to   string
}

var terms = []term{
	{words("muc 2"), "lv2"}, {words("muc do 2"), "lv2"}, {words("muc2"), "lv2"}, {words("md2"), "lv2"},
	{words("cap 2"), "lv2"}, {words("cap do 2"), "lv2"}, {words("level 2"), "lv2"}, {words("level two"), "lv2"},
	{words("level2"), "lv2"}, {words("lv 2"), "lv2"}, {words("lvl 2"), "lv2"}, {words("lvl2"), "lv2"},
	{words("muc 1"), "lv1"}, {words("muc do 1"), "lv1"}, {words("muc1"), "lv1"}, {words("level 1"), "lv1"},
	{words("level1"), "lv1"}, {words("lv 1"), "lv1"}, {words("cap do 1"), "lv1"},
	{words("vn eid"), "vneid"}, {words("v neid"), "vneid"}, {words("vnid"), "vneid"}, {words("vn id"), "vneid"},
	{words("can cuoc cong dan"), "cccd"}, {words("chung minh nhan dan"), "cmnd"}, {words("chung minh thu"), "cmnd"},
	{words("e visa"), "evisa"}, {words("e id"), "eid"}, {words("e mail"), "email"}, {words("re issue"), "reissue"},
	{words("sim card"), "sim"},
	// a date of birth is a birthday
	{words("date of birth"), "birthday"}, {words("dates of birth"), "birthday"},
	// a visa exemption is about visas, and not about being free of charge
	{words("visa free"), "visa visafree"}, {words("visa exemption"), "visa visafree"},
	{words("visa exempt"), "visa visafree"}, {words("without a visa"), "visa visafree"},
	// Vietnamese compounds whose syllables, once folded, collide with
	// other words: mật khẩu/mất, khuôn mặt/mất, căn cước/cần, đăng
	// ký/đang, thế nào/thẻ, hết hạn/Hàn, cập nhật/Nhật. Joined, each is
	// one word, and the syllable left alone means what it says. "gia hạn"
	// stays two words: its three features keep "gia hạn visa" (a visa
	// extension) out of scope.
	{words("mat khau"), "matkhau"}, {words("khuon mat"), "khuonmat"},
	{words("dang nhap"), "dangnhap"}, {words("dang ky"), "dangky"},
	{words("the nao"), "thenao"}, {words("nhu the nao"), "thenao"},
	{words("can cuoc"), "cancuoc"}, {words("giay phep lai xe"), "gplx"},
	// "bằng lái (xe)" and "giấy phép lái" are the driving licence too:
	// one word, as "GPLX" is
	{words("bang lai xe"), "gplx"}, {words("bang lai"), "gplx"}, {words("giay phep lai"), "gplx"},
	// "thị thực" is the formal word for a visa
	{words("thi thuc"), "visa"},
	{words("het han"), "hethan"}, {words("thoi han"), "thoihan"}, {words("cap nhat"), "capnhat"},
	// "không có" and "chưa có" (without) are one word, so that "có thẻ
	// tạm trú" (has a card) is not a part of "chưa có thẻ tạm trú".
	{words("khong co"), "khongco"}, {words("chua co"), "khongco"},
	// and so are "chưa bao giờ có", "chưa từng có" (never had)
	{words("chua bao gio co"), "khongco"}, {words("chua tung co"), "khongco"},
	// "in the first place" and "first of all" say nothing about a first
	// time (a first login, a first card)
	{words("in the first plac"), ""}, {words("first of all"), ""},
	// a smartphone, in Vietnamese or English
	{words("dien thoai thong minh"), "smartphone"}, {words("smart phon"), "smartphone"},
	// the immigration department of a province's police, typed apart
	{words("pa 08"), "pa08"},
	// "bed-ridden", "bed ridden" and "bedridden" are one word
	{words("bed ridden"), "bedridden"},
	// chat words for husband and wife
	{words("ong xa"), "chong"}, {words("ba xa"), "vo"},
	// "xử phạt" (to fine) is "phạt": folded, "xử" would be "xu", the coin
	// of "không mất xu nào" (not a penny), a fees word.
	{words("xu phat"), "phat"},
	// and "xử lý" (being processed) is one word, apart from that coin
	{words("xu ly"), "xuly"},
	// "im re", "im ru", "im lặng", "im lìm": no word at all, and folded
	// "im" would be the English filler "I'm".
	{words("im re"), "imlang"}, {words("im ru"), "imlang"}, {words("im lang"), "imlang"},
	{words("im lim"), "imlang"},
	// "mất" is "lose" (a card, a phone), but "mất bao lâu", "mất mấy ngày",
	// "mất phí", "mất tiền" is "take" or "cost": there it is dropped, so
	// that the "mất" left is a loss.
	{words("mat bao lau"), "bao lau"}, {words("mat bao nhieu"), "bao nhieu"},
	{words("mat may ngay"), "bao nhieu ngay"}, {words("mat may hom"), "bao nhieu ngay"},
	{words("mat khoang"), "khoang"}, {words("mat thoi gian"), "thoi gian"},
	{words("mat phi"), "phi"}, {words("mat tien"), "tien"}, {words("mat xu"), "xu"},
	{[]string{"mat", moneyWord}, moneyWord},
	// "đánh rơi" (dropped) typed without diacritics: a loss, not "rồi"
	{words("danh roi"), "mat"}, {words("danh mat"), "mat"},
	// "mấy ngày" is "bao nhiêu ngày" (how many days, weeks, months);
	// folded, "mấy" alone would be "máy" (a phone)
	{words("may ngay"), "bao nhieu ngay"}, {words("may hom"), "bao nhieu ngay"},
	{words("bao nhieu hom"), "bao nhieu ngay"}, {words("may tuan"), "bao nhieu tuan"},
	{words("may thang"), "bao nhieu thang"},
	// a SIM "khóa 1 chiều / 2 chiều" (blocked one or both ways), in digits
	// or words; "chiều" alone is the afternoon of an appointment
	{words("1 chieu"), "motchieu"}, {words("mot chieu"), "motchieu"},
	{words("2 chieu"), "haichieu"}, {words("hai chieu"), "haichieu"},
}

// fillers are folded words dropped everywhere: greetings, pronouns and
// polite words of Vietnamese and English that say nothing about the topic.
// Words that are something else once folded are not fillers: "me" (mẹ,
// mother), "be" (bé, child), "so" (số, number), "to" (tờ), "an" (công an),
// "the" (thẻ, card), "can" (cần, need), "nha" (nhà, home; the particle
// "nha" is dropped only at the end of a question, as a trailing particle).
var fillers = set("ad", "admin", "oi", "a", "ah", "ak", "nhe", "chao", "hoi", "em", "minh", "toi",
	"mn", "mng", "mik", "e", "ua", "ae",
	"i", "my", "im", "is", "are", "am", "of", "please", "pls", "plz", "hi", "hello", "hey", "do", "does", "did",
	"it", "you", "u", "ok", "oke", "thanks", "thank",
	// laughter and sighs
	"lol", "haha", "hihi", "hehe", "huhu", "hic", "hix")

// cjkFillers cuts out Chinese and Korean politeness and particles; each
// becomes a hard separator, so the characters around it do not join.
var cjkFillers = strings.NewReplacer(
	"请问", "|", "你好", "|", "您好", "|", "谢谢", "|", "麻烦", "|",
	"吗", "|", "呢", "|", "吧", "|", "啊", "|", "呀", "|", "嘛", "|",
	"二级认证", "2级", "2级认证", "2级", "二级", "2级", "第二级", "2级", "二級", "2级",
	// one spelling for the words Chinese writes several ways: account,
	// temporary residence card, police station, immigration office
	"账号", "账户", "帐号", "账户", "帐户", "账户",
	"暂住证", "居留卡", "暂住卡", "居留卡", "居留证", "居留卡", "居住卡", "居留卡", "居住证", "居留卡",
	"派出所", "公安", "出入境管理处", "出入境", "出入境管理局", "出入境", "出入境管理部门", "出入境",
	"出入境办公室", "出入境", "移民局", "出入境",
	// visa exemption, work permit, driving licence
	"免签证", "免签", "劳动许可证", "工作许可", "劳动许可", "工作许可", "工作许可证", "工作许可",
	"驾驶执照", "驾照", "驾驶证", "驾照",
	"안녕하세요", "|", "혹시", "|", "저기요", "|", "감사합니다", "|",
	// and Korean: level 2, mobile phone, residence card, police station,
	// immigration office, app
	"레벨2", "2단계", "레벨 2", "2단계", "2레벨", "2단계",
	"핸드폰", "휴대폰", "휴대전화", "휴대폰", "거주카드", "거주증",
	// the e-ID itself: 전자신원, 전자 신원, 전자ID
	"전자신원", "전자신분증", "전자 신원", "전자신분증",
	// Koreans in Vietnam also call the residence card 체류증, 체류카드 or,
	// as in Korea, 외국인등록증.
	"체류증", "거주증", "체류카드", "거주증", "외국인등록증", "거주증", "거류증", "거주증",
	"심카드", "유심", "유심카드", "유심",
	"경찰서", "공안", "파출소", "공안", "이민국", "출입국", "어플", "앱",
	"출입국관리사무소", "출입국", "출입국 관리 사무소", "출입국", "출입국 관리사무소", "출입국",
	"출입국사무소", "출입국", "출입국관리소", "출입국", "출입국관리국", "출입국", "출입국 사무소", "출입국",
	// visa exemption, work permit, driving licence
	"비자 면제", "무비자", "비자면제", "무비자", "노동허가서", "노동허가", "노동허가증", "노동허가",
	"노동 허가", "노동허가", "워크퍼밋", "노동허가", "취업허가서", "노동허가", "취업허가", "노동허가",
	"운전면허증", "운전면허", "운전 면허증", "운전면허", "면허증", "운전면허",
)

func words(s string) []string { return strings.Fields(s) }

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
