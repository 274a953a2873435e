// Package bot is the channel-neutral core of eidbot: the Update a channel
// delivers, the Reply it sends back, the Session that remembers a chat, the
// pure Step function that moves a conversation forward, and the Engine that
// runs one update through load → step → commit → deliver.
//
// The core runs the flows (flows are data) and the general dialogue: the
// menu, help, languages, resuming, /forget, eligibility verdicts, group
// chats. Whole features (appointments, committees) live in sub-packages and
// register themselves with the engine (Feature, Registry): their commands,
// buttons, deep links, actions, pickers, queries and effects. Their
// handlers see the update through the Turn interface and ask for outside
// state with Ask, so that Step stays pure.
//
// The package imports only the standard library and flows. It declares the
// domain's types and the interfaces of everything that talks to the outside
// world (SessionStore, Journal, Sender, Translator, Directory,
// Appointments, Campaigns, …), which packages under internal/ implement and
// cmd/eidbot hands to the Engine and the features.
package bot
