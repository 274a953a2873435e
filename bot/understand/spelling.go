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
	"ha", "hả", "hà", "ah", "ak", "ạk", "nhỉ", "nhở", "đó", "đấy", "với", "ko", "k", "hông", "không", "khong", "chưa")

// rawSpellings are chat spellings recognised before folding, because their
// folded form means something else ("hông" = không, "hỏng" = broken).
var rawSpellings = map[string][]string{
	"hông": {"khong"}, // unaccented "hong" stays: it is often "hỏng" (broken)
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
	// English
	"whats": {"what"}, "wheres": {"where"}, "hows": {"how"}, "cant": words("can not"), "cannot": words("can not"),
	"dont": {"not"}, "doesnt": {"not"}, "didnt": {"not"}, "havent": {"not"}, "hasnt": {"not"},
	"isnt": {"not"}, "arent": {"not"}, "wasnt": {"not"}, "wont": {"not"}, "ur": {"your"},
	"thx": {"thanks"}, "appt": {"appointment"},
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
	{words("e visa"), "evisa"}, {words("e mail"), "email"}, {words("re issue"), "reissue"},
	{words("sim card"), "sim"},
}

// fillers are folded words dropped everywhere: greetings, pronouns and
// polite words of Vietnamese and English that say nothing about the topic.
// Words that are something else once folded are not fillers: "me" (mẹ,
// mother), "be" (bé, child), "so" (số, number), "to" (tờ), "an" (công an),
// "the" (thẻ, card), "can" (cần, need).
var fillers = set("ad", "admin", "oi", "a", "ah", "ak", "nhe", "nha", "chao", "hoi", "em", "minh", "toi",
	"i", "my", "im", "is", "are", "am", "of", "please", "pls", "plz", "hi", "hello", "hey", "do", "does", "did",
	"it", "you", "u", "ok", "oke", "thanks", "thank")

// cjkFillers cuts out Chinese and Korean politeness and particles; each
// becomes a hard separator, so the characters around it do not join.
var cjkFillers = strings.NewReplacer(
	"请问", "|", "你好", "|", "您好", "|", "谢谢", "|", "麻烦", "|",
	"吗", "|", "呢", "|", "吧", "|", "啊", "|", "呀", "|", "嘛", "|",
	"二级", "2级", "第二级", "2级", "二級", "2级",
	"안녕하세요", "|", "혹시", "|", "저기요", "|", "감사합니다", "|",
)

func words(s string) []string { return strings.Fields(s) }

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
