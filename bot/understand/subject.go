package understand

import "strings"

// subjectWords and subjectPairs are the words that name the bot's subject,
// VNeID and its level-2 account, as the matcher spells them after
// normalisation ("mức 2" and "level 2" are "lv2"). A question naming the
// subject is out of scope only when an out-of-scope example is clearly
// closer than any topic: "thủ tục làm định danh mức 2" shares "thủ tục"
// with "thủ tục làm hộ chiếu", yet it is about VNeID.
//
// The ID card ("căn cước", "CCCD") names the subject too, since most
// questions about a lost or expired card are about the account, except
// where a question asks for the card itself (neighbourService): the
// account's own words (accountWords, accountPairs, accountRuns) are the
// others.
var (
	subjectWords = set("vneid", "lv2", "cccd", "eid", "cancuoc")
	subjectPairs = set("dinh danh", "electronic id", "electronic identity")
	subjectRuns  = []string{"vneid", "电子身份", "2级", "2단계", "전자신분"}

	accountWords = set("vneid", "lv2", "eid")
	accountPairs = subjectPairs
	accountRuns  = subjectRuns
)

// onSubject reports whether q names the bot's subject.
func onSubject(q question) bool {
	return names(q, subjectWords, subjectPairs, subjectRuns)
}

// names reports whether q has one of ws, one of the word pairs ps, or a
// CJK run containing one of rs.
func names(q question, ws, ps map[string]bool, rs []string) bool {
	for i, w := range q.words {
		if ws[w] || i > 0 && ps[q.words[i-1]+" "+w] {
			return true
		}
	}
	for _, run := range q.runs {
		for _, s := range rs {
			if strings.Contains(run, s) {
				return true
			}
		}
	}
	return false
}

// neighbourService reports whether q asks for a service next to the bot's
// and not for the account: a first ID card or residence card ("làm căn
// cước lần đầu", "暂住卡第一次申请", "거주증 처음 신청"), where to buy a
// SIM card ("mua sim ở đâu", "哪里可以买电话卡"), or a passport ("làm hộ
// chiếu cho con", "get a passport for my kid", "给孩子办护照", "아이 여권
// 발급"), which shares "child" and "passport" with the children and bring
// topics, or a child's birth registration ("đăng ký khai sinh", "register
// my baby's birth", "출생신고"). Such questions share
// nearly every word with a topic (what to bring, where to go, children),
// and their own words ("lần đầu", "mua sim") are in real topics too ("đăng
// nhập lần đầu", "phải mua sim không"), so no feature names them as
// another subject; the pair of a first time and a card, or buying a SIM
// with where or how cheap, does. A question that also names the account
// (VNeID, level 2, định danh) is about the account.
func neighbourService(q question) bool {
	if names(q, accountWords, accountPairs, accountRuns) {
		return false
	}
	var firstTime, card, buy, sim, where, passport, birth bool
	for i, w := range q.words {
		prev, next := "", ""
		if i > 0 {
			prev = q.words[i-1]
		}
		if i+1 < len(q.words) {
			next = q.words[i+1]
		}
		pair := prev + " " + w
		firstTime = firstTime || pair == "lan dau" || pair == "first time" || w == "first" && cardWords[next]
		card = card || cardWords[w] || cardPairs[pair]
		buy = buy || w == "mua" || w == "buy" || w == "purchas"
		sim = sim || w == "sim"
		where = where || pair == "o dau" || pair == "cho nao" || w == "wher" || w == "re" || w == "cheap"
		passport = passport || passportApplication(q.words, i)
		birth = birth || birthRegistration(q.words, i)
	}
	for _, run := range q.runs {
		firstTime = firstTime || containsAny(run, "第一次", "首次", "初次", "头一次", "처음", "최초", "신규")
		card = card || containsAny(run, "身份证", "居留卡", "거주증", "신분증", "주민등록증", "체류증")
		buy = buy || containsAny(run, "买", "办电话卡", "办张电话卡", "办手机卡", "구입", "구매", "파는", "사요", "사나요", "살수", "사야", "개통")
		sim = sim || containsAny(run, "电话卡", "手机卡", "유심", "심카드")
		where = where || containsAny(run, "哪里", "哪儿", "在哪", "어디", "便宜")
		passport = passport || containsAny(run, "办护照", "申请护照", "办理护照", "护照办理", "签发护照", "新办护照",
			"여권발급", "여권만들", "여권을만들", "여권신청", "여권을신청", "여권을발급")
		birth = birth || containsAny(run, "出生登记", "报出生", "办出生证", "开出生证", "出生证明怎么", "출생신고", "출생 신고")
	}
	return firstTime && card || buy && sim && where || passport || birth
}

// birthRegistration reports whether words[i] starts a request to register
// a birth: "đăng ký khai sinh", "làm (giấy) khai sinh", "register the
// birth", "birth registration", "get a birth certificate". A birth
// certificate one has ("mang giấy khai sinh", "birth certificate and ID
// differ") is not one.
func birthRegistration(ws []string, i int) bool {
	rest := ws[i+1:]
	switch ws[i] {
	case "dangky", "lam":
		if len(rest) > 0 && rest[0] == "giay" {
			rest = rest[1:]
		}
		return len(rest) > 1 && rest[0] == "khai" && rest[1] == "sinh"
	case "register", "get":
		for j := 0; j < len(rest) && j < 3; j++ {
			if rest[j] == "birth" {
				return true
			}
		}
	case "birth":
		return len(rest) > 0 && rest[0] == "registr"
	}
	return false
}

// passportApplication reports whether words[i] starts a request for a
// passport itself: "làm (lại) hộ chiếu", "cấp hộ chiếu", "xin hộ chiếu",
// "get a passport", "apply for a (new) passport", "make a passport". A
// question about a passport one has ("mang hộ chiếu", "need my passport",
// "got a new passport") is not one.
func passportApplication(ws []string, i int) bool {
	rest := ws[i+1:]
	switch {
	case ws[i] == "lam" || ws[i] == "cap" || ws[i] == "xin":
		if len(rest) > 0 && (rest[0] == "lai" || rest[0] == "moi") {
			rest = rest[1:]
		}
		return len(rest) > 1 && rest[0] == "ho" && rest[1] == "chieu"
	case ws[i] == "get" || ws[i] == "make" || ws[i] == "issu" || ws[i] == "apply" && len(rest) > 0 && rest[0] == "for":
		if ws[i] == "apply" {
			rest = rest[1:]
		}
		for j := 0; j < len(rest) && j < 2; j++ {
			if rest[j] == "passport" {
				// "get my passport copied" is about the one they have
				return j+1 == len(rest) || !copyWords[rest[j+1]]
			}
		}
	}
	return false
}

// copyWords are the words, as the matcher spells them, of copying a
// document one has.
var copyWords = set("copy", "copi", "photocopy", "photocopi", "scan", "translat", "translated", "notariz", "certify")

// cardWords and cardPairs name an ID card or a residence card, as the
// matcher spells them ("residence" is "residenc").
var (
	cardWords = set("cancuoc", "cccd", "cmnd", "trc", "residenc", "id")
	cardPairs = set("tam tru", "cu tru", "thuong tru", "id card", "residenc card", "identity card")
)

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
