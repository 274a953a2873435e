package bot

// EffectKind names a side effect a Step asks the Engine to carry out. Step
// itself never does I/O; it describes what must happen and the Engine does
// it before committing the session.
type EffectKind string

// Effect kinds.
const (
	// EffectForget erases everything stored about the chat (/forget).
	EffectForget EffectKind = "forget"
	// EffectBlocked records that the user blocked or unblocked the bot.
	EffectBlocked EffectKind = "blocked"
	// EffectMigrate moves a group's session to its new supergroup id.
	EffectMigrate EffectKind = "migrate"
	// EffectMark counts the person at a funnel stage (see Funnel).
	EffectMark EffectKind = "mark"
	// EffectLanguage carries a changed language over to the chat's
	// subscription, so that notices follow it.
	EffectLanguage EffectKind = "language"
)

// Effect is one side effect requested by Step.
type Effect struct {
	Kind    EffectKind
	Blocked bool   // EffectBlocked
	To      Chat   // EffectMigrate
	Stage   string // EffectMark
	Area    string // EffectMark: "" when the person's area is not known
}
