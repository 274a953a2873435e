// Package understand maps a typed question, in Vietnamese (with or without
// diacritics, in chat spelling), English, Chinese or Korean, to one of the
// bot's topics (flows.Topics): "cần mang gì", "can mang gi" and "where do I
// apply?" are questions the bot already has answers to.
//
// It is deterministic and runs in-process: a question is normalised
// (lower case, NFC, width folding, Vietnamese diacritics folded, chat
// spellings such as "sđt", "ko", "đc" or "lv2" mapped to their full form,
// Vietnamese compounds whose syllables collide once folded joined into one
// word, English contractions dropped and English words of one meaning made
// one, the several spellings of one Chinese or Korean word made one, every
// amount of money one word, and a slip of the thumb in a word the examples
// do not have corrected to the known word one letter away: typo.go),
// cut into features (word unigrams and bigrams for Latin text, character
// bigrams and trigrams for Chinese and Korean), and scored by TF-IDF cosine
// similarity against every example of every topic. A topic's score is the
// score of its best example, so every match can be explained by the id of
// one example.
//
// It knows when it does not know: the out_of_scope pseudo-topic's examples
// ("làm hộ chiếu ở đâu", "how do I extend my visa") pull questions that only
// share words with a real topic away from it, and the thresholds in
// decision.go turn scores into a Decision: Confident, Ambiguous (offer "Did
// you mean…?") or OutOfScope. A question that names the subject itself
// (VNeID, level 2, định danh) is declined only when an out-of-scope example
// is clearly closer than every topic. A question that names another subject
// instead (a phrase only out-of-scope examples use: "work permit", "thi bằng
// lái", "劳动许可") is never answered confidently, and out_of_scope competes
// with its nearest example rather than its centroid; so is a question for a
// neighbouring service that shares nearly all its words with a topic: a
// first ID card or residence card, or where to buy a SIM ("làm căn cước lần
// đầu", "거주증 처음 신청", "哪里买电话卡"). A Result never holds the
// user's text, so it can be logged.
//
// The package imports only the standard library, golang.org/x/text, flows
// and bot: Index.Read gives a Match as the engine's bot.Question. An Index is built once and is read-only afterwards: it is safe for
// concurrent use.
package understand
