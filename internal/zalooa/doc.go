// Package zalooa is eidbot's Zalo Official Account (OA) channel: the bot
// behind a ward's or police station's OA, within Zalo's reply window.
//
// Inbound, Webhook.Verify authenticates an event by its X-ZEvent-Signature
// over the raw body, Decode turns it into an Event (a bot.Update, a follow,
// an unfollow or a message the bot cannot read), and Inbox records it in a
// durable EventJournal so that the webhook answers within Zalo's ~2 s; a
// Worker on any replica then processes it from the journal.
//
// Outbound, Client calls the OA API (customer-service messages, token
// refresh) with bounded retries and never puts a token in an error or a
// log line; Tokens keeps the access token fresh across replicas through a
// TokenStore (one refresher at a time, fenced, because a refresh token is
// single-use); Sender renders a turn with bot/plaintext into as few
// messages as fit and sends no more than the user's reply window allows
// (WindowStore), ending the last allowed message with how to continue.
//
// What is known of Zalo, and how surely, is in limits.go (constants) and
// codes.go (error codes): tags [O] Zalo's own code or docs, [T] consistent
// third-party sources, [U] one source or unclear. An operator must check
// every [T] and [U] value before launch.
package zalooa
