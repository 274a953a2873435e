// Package webchat is the embeddable web chat: a channel of the bot that
// lives in a browser, on the bot's own pages or on a ward's, police or
// immigration website.
//
// A host page adds one script tag (assets/widget.js). The script draws a
// launcher button in a shadow root and, when it is pressed, an iframe with
// the chat page (assets/chat.html) from the bot's own origin. The iframe
// keeps the widget out of the host's styles and gives it its own storage:
// the visitor's token lives in the iframe's localStorage and goes to the
// server in the Authorization header, never in a URL or a cookie, so
// nothing depends on third-party cookies, which Safari blocks.
//
// The transport is plain HTTP: messages go up as POSTs, each carrying an id
// the browser made (the engine's update id, so a retried POST is handled
// once), and replies come down a streamed fetch response, one JSON event
// per line (NDJSON). Every event has an id; a stream opened with after=<id>
// starts after the last event the browser saw, and the browser drops an
// event it has seen. Streams are bounded in time (the server's write
// timeout caps a response) and the browser opens the next one at once.
//
// Replies reach a stream through the store, not through memory, so a
// message posted to one replica and a stream held by another both work:
// the Sender appends each reply to the visitor's event stream and adds a
// notice to one stream every process reads. Each process runs one reader
// of that notice stream (Service.Run) and wakes the streams it holds for
// the visitor named; they then read the visitor's new events. Redis sees
// one blocking read per process, however many browsers are connected.
//
// This package imports only the standard library and bot: the HTTP edge
// (internal/httpserver) and the store (internal/redisstore) reach it
// through interfaces that cmd/eidbot wires.
package webchat
