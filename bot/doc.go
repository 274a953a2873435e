// Package bot is the channel-neutral core of eidbot: the Update a channel
// delivers, the Reply it sends back, the Session that remembers a chat, the
// pure Step function that moves a conversation forward, and the Engine that
// runs one update through load → step → commit → deliver.
//
// The package imports only the standard library and flows. Everything that
// talks to the outside world (Redis, Telegram, HTTP, go-i18n) lives under
// internal/ and is handed to the Engine through the interfaces declared here.
package bot
