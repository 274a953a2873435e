package bot

import "context"

// Unanswered keeps the typed questions the bot could not answer (a Reader
// said QuestionOutside or QuestionUnsure), so that the people who write the
// flows learn what residents ask and the bot does not yet know. It is how
// the bot learns without keeping personal data:
//
//   - only Redact(text) is kept, never the text as typed;
//   - nothing is kept that names the chat or the person: chat is used only
//     to count how many different chats asked a question, in a form from
//     which the chat cannot be read back;
//   - what is kept expires 30 days after it was asked;
//   - a report shows a question only once at least 3 different chats asked
//     it, so a question only one person would ask is never shown.
//
// Keep is called after the reply was computed and is not part of the
// turn: an error is logged and the person is answered all the same.
// Implementations are safe for concurrent use (redisstore.Questions).
type Unanswered interface {
	Keep(ctx context.Context, chat Chat, lang Lang, text string) error
}
