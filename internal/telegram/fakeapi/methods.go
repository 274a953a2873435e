package fakeapi

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"strconv"
	"strings"
)

// Telegram's limits, as the fake enforces them.
const (
	maxMessageLen  = 4096
	maxCaptionLen  = 1024
	maxCallbackLen = 64
	maxAnswerLen   = 200
)

// notModified is Telegram's answer to an edit that changes nothing.
const notModified = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// chatState holds the messages the fake bot sent to one chat.
type chatState struct {
	last int
	msgs map[int]stored
}

type stored struct{ text, markup string }

// answer is the outcome of one method: HTTP status, result and description.
type answer struct {
	status int
	result any
	desc   string
}

func ok(result any) answer { return answer{status: http.StatusOK, result: result} }

func badRequest(desc string) answer {
	return answer{status: http.StatusBadRequest, desc: "Bad Request: " + desc}
}

// dispatch runs one method.
func (s *Server) dispatch(c Call) (int, any, string) {
	var a answer
	switch c.Method {
	case "getMe":
		a = ok(s.me())
	case "sendMessage":
		a = s.sendMessage(c)
	case "editMessageText":
		a = s.editMessageText(c)
	case "editMessageReplyMarkup":
		a = s.editMessageReplyMarkup(c)
	case "answerCallbackQuery":
		a = answerCallbackQuery(c)
	case "sendVenue", "sendLocation":
		a = s.sendPlace(c)
	case "sendDocument":
		a = s.sendDocument(c)
	case "setWebhook", "deleteWebhook", "getWebhookInfo":
		a = s.webhookMethod(c)
	case "setMyCommands", "getMyCommands", "deleteMyCommands":
		a = s.commandsMethod(c)
	default:
		a = answer{status: http.StatusNotFound, desc: "Not Found"}
	}
	return a.status, a.result, a.desc
}

func (s *Server) me() map[string]any {
	return map[string]any{
		"id": s.botID, "is_bot": true, "first_name": "EID Test Bot", "username": s.name,
		"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
	}
}

// checkContent validates the text and keyboard of a sent or edited message
// as Telegram does.
func checkContent(c Call) (text, markup string, a answer, ok bool) {
	text, a, ok = checkText(c.Params["text"], c.Params["parse_mode"], maxMessageLen, "message text")
	if !ok {
		return "", "", a, false
	}
	markup, a, ok = checkMarkup(c.Params["reply_markup"])
	return text, markup, a, ok
}

func (s *Server) sendMessage(c Call) answer {
	chatID, a, okChat := chatOf(c)
	if !okChat {
		return a
	}
	text, markup, a, okContent := checkContent(c)
	if !okContent {
		return a
	}
	if a, okReply := s.checkReplyTo(chatID, c); !okReply {
		return a
	}
	id := s.store(chatID, 0, stored{text: text, markup: markup})
	return ok(s.message(chatID, id, withMarkup(map[string]any{"text": text}, c)))
}

func (s *Server) editMessageText(c Call) answer {
	chatID, msgID, a, okIDs := editTarget(c)
	if !okIDs {
		return a
	}
	text, markup, a, okContent := checkContent(c)
	if !okContent {
		return a
	}
	if chatID == 0 { // inline message: Telegram answers true
		return ok(true)
	}
	return s.edit(chatID, msgID, stored{text: text, markup: markup}, c, map[string]any{"text": text})
}

func (s *Server) editMessageReplyMarkup(c Call) answer {
	chatID, msgID, a, okIDs := editTarget(c)
	if !okIDs {
		return a
	}
	markup, a, okMarkup := checkMarkup(c.Params["reply_markup"])
	if !okMarkup {
		return a
	}
	if chatID == 0 {
		return ok(true)
	}
	s.mu.Lock()
	old, known := s.chat(chatID).msgs[msgID]
	s.mu.Unlock()
	if !known {
		old.text = "message"
	}
	return s.edit(chatID, msgID, stored{text: old.text, markup: markup}, c, map[string]any{"text": old.text})
}

// edit stores an edit, refusing one that changes nothing. A message the fake
// never sent is taken as existing: tests often press buttons on messages
// they made up.
func (s *Server) edit(chatID int64, msgID int, next stored, c Call, fields map[string]any) answer {
	s.mu.Lock()
	old, known := s.chat(chatID).msgs[msgID]
	s.mu.Unlock()
	if known && old == next {
		return answer{status: http.StatusBadRequest, desc: notModified}
	}
	s.store(chatID, msgID, next)
	msg := s.message(chatID, msgID, withMarkup(fields, c))
	msg["edit_date"] = s.now().Unix()
	return ok(msg)
}

func answerCallbackQuery(c Call) answer {
	if c.Params["callback_query_id"] == "" {
		return badRequest("QUERY_ID_INVALID")
	}
	if utf16Len(c.Params["text"]) > maxAnswerLen {
		return badRequest("MESSAGE_TOO_LONG")
	}
	return ok(true)
}

func (s *Server) sendPlace(c Call) answer {
	chatID, a, okChat := chatOf(c)
	if !okChat {
		return a
	}
	lat, err1 := strconv.ParseFloat(c.Params["latitude"], 64)
	lon, err2 := strconv.ParseFloat(c.Params["longitude"], 64)
	if err1 != nil || err2 != nil {
		return badRequest("wrong latitude or longitude")
	}
	if _, a, okMarkup := checkMarkup(c.Params["reply_markup"]); !okMarkup {
		return a
	}
	loc := map[string]any{"latitude": lat, "longitude": lon}
	fields := map[string]any{"location": loc}
	if c.Method == "sendVenue" {
		if c.Params["title"] == "" || c.Params["address"] == "" {
			return badRequest("venue title and address must be non-empty")
		}
		fields["venue"] = map[string]any{"location": loc, "title": c.Params["title"], "address": c.Params["address"]}
	}
	id := s.store(chatID, 0, stored{})
	return ok(s.message(chatID, id, withMarkup(fields, c)))
}

func (s *Server) sendDocument(c Call) answer {
	chatID, a, okChat := chatOf(c)
	if !okChat {
		return a
	}
	file, uploaded := c.Files["document"]
	if !uploaded && c.Params["document"] == "" {
		return badRequest("there is no document in the request")
	}
	caption, a, okCaption := checkText(c.Params["caption"], c.Params["parse_mode"], maxCaptionLen, "message caption")
	if !okCaption && c.Params["caption"] != "" {
		return a
	}
	if _, a, okMarkup := checkMarkup(c.Params["reply_markup"]); !okMarkup {
		return a
	}
	id := s.store(chatID, 0, stored{})
	doc := map[string]any{"file_id": "BQACAgIAAxk" + strconv.Itoa(id), "file_unique_id": "AgAD" + strconv.Itoa(id),
		"file_name": file.Name, "file_size": len(file.Data)}
	fields := map[string]any{"document": doc}
	if caption != "" {
		fields["caption"] = caption
	}
	return ok(s.message(chatID, id, withMarkup(fields, c)))
}

// chatOf reads chat_id.
func chatOf(c Call) (int64, answer, bool) {
	raw := c.Params["chat_id"]
	if raw == "" {
		return 0, badRequest("chat_id is empty"), false
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("chat not found"), false
	}
	return id, answer{}, true
}

// editTarget reads chat_id and message_id, or inline_message_id (chat 0).
func editTarget(c Call) (int64, int, answer, bool) {
	if c.Params["inline_message_id"] != "" {
		return 0, 0, answer{}, true
	}
	chatID, a, okChat := chatOf(c)
	if !okChat {
		return 0, 0, a, false
	}
	msgID, err := strconv.Atoi(c.Params["message_id"])
	if err != nil || msgID <= 0 {
		return 0, 0, badRequest("message identifier is not specified"), false
	}
	return chatID, msgID, answer{}, true
}

// checkText parses text in its parse mode and checks its length.
func checkText(text, parseMode string, limit int, what string) (string, answer, bool) {
	visible, err := visibleText(text, parseMode)
	switch {
	case err != nil:
		return "", badRequest(err.Error()), false
	case strings.TrimSpace(visible) == "":
		return "", badRequest(what + " is empty"), false
	case utf16Len(visible) > limit:
		return "", badRequest(what + " is too long"), false
	}
	return visible, answer{}, true
}

// checkMarkup validates reply_markup and returns its canonical form, "" for
// none (an empty inline keyboard is none: it removes the keyboard).
func checkMarkup(raw string) (string, answer, bool) {
	if raw == "" {
		return "", answer{}, true
	}
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &m) != nil {
		return "", badRequest("can't parse reply keyboard markup JSON object"), false
	}
	if kb, isInline := m["inline_keyboard"]; isInline {
		if err := checkInline(kb); err != nil {
			return "", badRequest(err.Error()), false
		}
		if string(kb) == "[]" {
			return "", answer{}, true
		}
	}
	canonical, _ := json.Marshal(m)
	return string(canonical), answer{}, true
}

func checkInline(raw json.RawMessage) error {
	var rows [][]InlineButton
	if json.Unmarshal(raw, &rows) != nil {
		return errors.New("can't parse inline keyboard button")
	}
	for _, row := range rows {
		for _, b := range row {
			switch {
			case b.Text == "":
				return errors.New("text buttons are unallowed in the inline keyboard")
			case b.URL == "" && (b.CallbackData == "" || len(b.CallbackData) > maxCallbackLen):
				return errors.New("BUTTON_DATA_INVALID")
			}
		}
	}
	return nil
}

// checkReplyTo checks reply_to_message_id as Telegram does: a message id
// of the chat, which must exist unless allow_sending_without_reply is
// true. The fake knows only the bot's own messages, so a reply to a
// person's message passes only with allow_sending_without_reply.
func (s *Server) checkReplyTo(chatID int64, c Call) (answer, bool) {
	raw, ok := c.Params["reply_to_message_id"]
	if !ok {
		return answer{}, true
	}
	id, err := strconv.Atoi(raw)
	if err != nil || id <= 0 {
		return badRequest("Bad Request: invalid reply_to_message_id"), false
	}
	if c.Params["allow_sending_without_reply"] == "true" {
		return answer{}, true
	}
	s.mu.Lock()
	_, known := s.chat(chatID).msgs[id]
	s.mu.Unlock()
	if !known {
		return badRequest("Bad Request: message to be replied not found"), false
	}
	return answer{}, true
}

// store saves a message; id 0 allocates the chat's next message id.
func (s *Server) store(chatID int64, id int, m stored) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.chat(chatID)
	if id == 0 {
		st.last++
		id = st.last
	}
	st.msgs[id] = m
	return id
}

// chat returns a chat's state; the caller holds s.mu.
func (s *Server) chat(id int64) *chatState {
	st := s.chats[id]
	if st == nil {
		st = &chatState{msgs: map[int]stored{}}
		s.chats[id] = st
	}
	return st
}

// message builds a Message object as Telegram returns it.
func (s *Server) message(chatID int64, id int, fields map[string]any) map[string]any {
	m := map[string]any{"message_id": id, "from": s.me(), "chat": chatObject(chatID), "date": s.now().Unix()}
	maps.Copy(m, fields)
	return m
}

// withMarkup echoes an inline keyboard, as Telegram does in the Message.
func withMarkup(fields map[string]any, c Call) map[string]any {
	if kb, isInline := c.ReplyMarkup["inline_keyboard"]; isInline {
		fields["reply_markup"] = map[string]any{"inline_keyboard": kb}
	}
	return fields
}

// chatObject guesses a chat's type from its id, as Telegram numbers them.
func chatObject(id int64) map[string]any {
	switch {
	case id > 0:
		return map[string]any{"id": id, "type": "private", "first_name": "Test"}
	case id < -1_000_000_000_000:
		return map[string]any{"id": id, "type": "supergroup", "title": "Test supergroup"}
	}
	return map[string]any{"id": id, "type": "group", "title": "Test group"}
}
