package understand

import "strings"

// subjectWords and subjectPairs are the words that name the bot's subject,
// VNeID and its level-2 account, as the matcher spells them after
// normalisation ("mức 2" and "level 2" are "lv2"). A question naming the
// subject is out of scope only when an out-of-scope example is clearly
// closer than any topic: "thủ tục làm định danh mức 2" shares "thủ tục"
// with "thủ tục làm hộ chiếu", yet it is about VNeID.
var (
	subjectWords = set("vneid", "lv2", "cccd", "eid", "cancuoc")
	subjectPairs = set("dinh danh", "electronic id", "electronic identity")
	subjectRuns  = []string{"vneid", "电子身份", "2级", "2단계", "전자신분"}
)

// onSubject reports whether q names the bot's subject.
func onSubject(q question) bool {
	for i, w := range q.words {
		if subjectWords[w] || i > 0 && subjectPairs[q.words[i-1]+" "+w] {
			return true
		}
	}
	for _, run := range q.runs {
		for _, s := range subjectRuns {
			if strings.Contains(run, s) {
				return true
			}
		}
	}
	return false
}
