// Package plaintext renders one turn of channel-neutral replies for chats
// that show plain text only: no buttons, no HTML (the terminal chat, the
// Zalo Bot Platform, the Zalo OA when it may not use its scarce buttons).
//
// Reply.Text is Telegram HTML. Render drops its formatting, decodes its
// entities and writes links as "text: URL"; inline buttons become numbered
// choices ("1. Có") followed by a hint in the user's language, URL buttons
// become links, a venue becomes a map link and a document a download link.
// The replies of a turn are merged into as few messages as fit the
// channel's limit, and a long text is split at paragraphs, then lines, then
// words. Lengths count UTF-16 code units (see Length), the way the Zalo and
// Telegram APIs count "characters".
//
// Choices are numbered in the order bot.Choices defines, the order the
// engine remembers in the session (bot.Shown): a typed "2" presses the
// button shown as "2." whichever channel rendered it.
package plaintext
