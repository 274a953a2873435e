package booking

// Languages the bot speaks; Text values may carry any of them.
var languages = []string{"vi", "en", "zh", "ko"}

// Text is a string in several languages keyed by language tag ("vi", "en",
// "zh", "ko"). Vietnamese is always present in loaded data.
type Text map[string]string

// In returns the text in lang, falling back to Vietnamese: an official name
// in Vietnamese is more useful than nothing, and it is what signs show.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t["vi"]
}
