package zalooa

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/plaintext"
	"github.com/eidbot/eidbot/internal/zalojson"
)

// TokenSource hands out the access token; *Tokens is one.
type TokenSource interface {
	AccessToken(ctx context.Context) (string, error)
	// Expired returns the token to try once more after Zalo refused used
	// as expired.
	Expired(ctx context.Context, used string) (string, error)
}

// SenderConfig wires a Sender.
type SenderConfig struct {
	Client  *Client
	Tokens  TokenSource
	Windows WindowStore
	// Quota counts sends outside the window against the client's
	// Config.BroadcastQuota; nil (or a zero quota) allows none.
	Quota QuotaStore
	// Options gives the rendering options for a chat whose reader reads
	// lang ("" outside a turn): the hint in that language. Whatever Limit
	// it sets, messages are cut at MessageLimit; FileURL is Link's.
	Options func(bot.Chat, bot.Lang) plaintext.Options
	// Link stores a document (a booking's .ics) for chat and returns the
	// URL that downloads it: Zalo's customer-service texts carry no files.
	// Nil: a document shows its name only.
	Link func(ctx context.Context, chat bot.Chat, d bot.Document) (string, error)
	// More is the line, in lang, that ends the last message the window
	// allows when a turn needs more, e.g. "Trả lời bất kỳ từ nào để xem
	// tiếp." Nil or "": DefaultMore.
	More func(bot.Chat, bot.Lang) string
	// Cut, when set, is told the messages of a turn the window did not
	// allow, so the engine can send them after the user writes again.
	Cut func(ctx context.Context, chat bot.Chat, unsent []string)
	// Refusals is told of the messages the reply window or the broadcast
	// quota kept back, for metrics; nil tells nobody.
	Refusals RefusalObserver
}

// RefusalObserver is told, for metrics, how many messages of a turn were
// not sent and why: RefusedWindow (a reply beyond the window's free
// replies, or after it closed) or RefusedQuota (a proactive message with
// the window closed and the month's broadcast quota spent or none). Its
// method must be cheap, not block, and be safe for concurrent use.
type RefusalObserver interface {
	ObserveRefusal(reason string, messages int)
}

// The reasons a RefusalObserver is told.
const (
	RefusedWindow = "window"
	RefusedQuota  = "quota"
)

// refused tells the RefusalObserver, if any.
func (s *Sender) refused(reason string, messages int) {
	if s.cfg.Refusals != nil && messages > 0 {
		s.cfg.Refusals.ObserveRefusal(reason, messages)
	}
}

// DefaultMore ends a cut turn when SenderConfig.More gives nothing.
const DefaultMore = "Trả lời bất kỳ từ nào để xem tiếp. / Reply with any word to continue."

// Sender delivers replies to OA followers as customer-service messages,
// within their reply windows (a bot.TurnSender for Channel). It is safe for
// concurrent use.
type Sender struct {
	cfg SenderConfig
}

// NewSender returns a Sender.
func NewSender(cfg SenderConfig) *Sender { return &Sender{cfg: cfg} }

// render renders replies to chat in lang, documents linked through links.
func (s *Sender) render(chat bot.Chat, lang bot.Lang, replies []bot.Reply, links map[string]string) plaintext.Rendering {
	var o plaintext.Options
	if s.cfg.Options != nil {
		o = s.cfg.Options(chat, lang)
	}
	if o.Limit <= 0 || o.Limit > MessageLimit {
		o.Limit = MessageLimit
	}
	o.FileURL = func(d bot.Document) string { return links[d.Name] }
	return plaintext.Render(replies, o)
}

// Send delivers one reply sent outside a turn (a reminder, a campaign, a
// message to an approver) as SendProactive does, rendered on its own. Its
// buttons that send data are left out: the person's session remembers the
// choices of their own last turn, which a typed number answers, so a
// number shown here would press something else.
func (s *Sender) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	r.Buttons = plaintext.Links(r.Buttons)
	r.Keyboard, r.AskContact = nil, ""
	return s.SendProactive(ctx, r.Chat, "", []bot.Reply{r})
}

// SendTurn delivers the replies of one turn to one user, merged into as
// few messages as MessageLimit allows, with their choices numbered across
// the turn and the hint in lang, and each message carrying the id of the
// user's message (bot.TurnSender). It sends only what the user's reply
// window allows: when the turn needs more, the last allowed message ends
// with the More line and the rest is handed to SenderConfig.Cut; when the
// window allows nothing, nothing is sent and the error wraps
// ErrOutsideWindow (and bot.ErrRejected). A reply for another chat is
// refused (bot.ErrRejected) before anything is sent. Sends reserved for
// messages that then fail are not given back: the window errs only
// towards sending fewer.
func (s *Sender) SendTurn(ctx context.Context, chat bot.Chat, lang bot.Lang, replies []bot.Reply) error {
	_, err := s.deliver(ctx, chat, lang, replies, false)
	return err
}

// SendProactive delivers a message nobody asked for now (a reminder, a
// campaign): within the user's reply window, or else from the OA's
// broadcast quota (Config.BroadcastQuota, none by default). When neither
// allows it nothing is sent and the error wraps ErrOutsideWindow: report
// the person as not reachable on Zalo now. bot.Sent holds the last
// message id when it is a decimal number (Zalo's usually are not: 0).
func (s *Sender) SendProactive(ctx context.Context, chat bot.Chat, lang bot.Lang, replies []bot.Reply) (bot.Sent, error) {
	return s.deliver(ctx, chat, lang, replies, true)
}

// deliver plans and sends a turn.
func (s *Sender) deliver(ctx context.Context, chat bot.Chat, lang bot.Lang, replies []bot.Reply, proactive bool) (bot.Sent, error) {
	if err := checkChat(chat, replies); err != nil {
		if len(s.render(chat, lang, replies, nil).Messages) == 0 {
			return bot.Sent{}, nil // an edit, a button's answer: nothing to show
		}
		return bot.Sent{}, err
	}
	links, err := plaintext.DocumentLinks(ctx, chat, replies, s.cfg.Link)
	if err != nil {
		return bot.Sent{}, fmt.Errorf("zalooa: %w", err)
	}
	rd := s.render(chat, lang, replies, links)
	if len(rd.Messages) == 0 {
		return bot.Sent{}, nil
	}
	now := s.cfg.Client.cfg.Now()
	granted, replyTo, err := s.cfg.Windows.Reserve(ctx, chat, len(rd.Messages), RepliesPerWindow, ReplyWindow-WindowMargin, now)
	if err != nil {
		return bot.Sent{}, err
	}
	reason := RefusedWindow
	if granted == 0 && proactive {
		if granted, err = s.fromQuota(ctx, len(rd.Messages)); err != nil {
			return bot.Sent{}, err
		}
		replyTo, reason = "", RefusedQuota
	}
	if granted == 0 {
		s.refused(reason, len(rd.Messages))
		return bot.Sent{}, outsideWindow(chat, "no reply left in the window")
	}
	plan := s.plan(chat, lang, rd, granted)
	if len(plan.unsent) > 0 {
		s.refused(reason, len(plan.unsent))
		s.cfg.Client.cfg.Log.Info("zalooa: turn cut at the reply window", "chat", chat.Key(), "sent", len(plan.texts), "unsent", len(plan.unsent))
		if s.cfg.Cut != nil {
			s.cfg.Cut(ctx, chat, plan.unsent)
		}
	}
	var last string
	for i, text := range plan.texts {
		m := Message{UserID: chat.ID, Text: text, ReplyTo: replyTo}
		if i == len(plan.texts)-1 {
			m.Buttons = plan.buttons
		}
		if last, err = s.send(ctx, m); err != nil {
			return bot.Sent{}, err
		}
	}
	n, _ := strconv.Atoi(last)
	return bot.Sent{MessageID: n}, nil
}

// fromQuota takes n sends from this month's broadcast quota, all or none.
func (s *Sender) fromQuota(ctx context.Context, n int) (int, error) {
	limit := s.cfg.Client.cfg.BroadcastQuota
	if s.cfg.Quota == nil || limit <= 0 {
		return 0, nil
	}
	got, err := s.cfg.Quota.Take(ctx, quotaPeriod(s.cfg.Client.cfg.Now()), n, limit)
	if err != nil || got < n {
		return 0, err // a partial take is left unused: rare, and never an overrun
	}
	return got, nil
}

// send sends one message, refreshing the token once if Zalo says it
// expired.
func (s *Sender) send(ctx context.Context, m Message) (string, error) {
	token, err := s.cfg.Tokens.AccessToken(ctx)
	if err != nil {
		return "", err
	}
	id, err := s.cfg.Client.SendMessage(ctx, token, m)
	if !isExpired(err) {
		return id, err
	}
	if token, err = s.cfg.Tokens.Expired(ctx, token); err != nil {
		return "", err
	}
	return s.cfg.Client.SendMessage(ctx, token, m)
}

// isExpired reports Zalo's "access token expired".
func isExpired(err error) bool {
	var a *APIError
	return errors.As(err, &a) && classOf(a.Code) == classExpired
}

// checkChat refuses a turn that is not for one OA user.
func checkChat(chat bot.Chat, replies []bot.Reply) error {
	if chat.Channel != Channel || zalojson.ID(zalojson.String(chat.ID)) == "" {
		return rejected("reply to %q, which is not a Zalo OA chat", chat.Channel)
	}
	for _, r := range replies {
		if !r.Chat.IsZero() && (r.Chat.Channel != chat.Channel || r.Chat.ID != chat.ID) {
			return rejected("a turn's replies go to more than one chat")
		}
	}
	return nil
}

// turnPlan is what one turn sends.
type turnPlan struct {
	texts   []string
	buttons []Button // on the last message
	unsent  []string // what the window did not allow
}

// plan fits a rendered turn into granted messages.
func (s *Sender) plan(chat bot.Chat, lang bot.Lang, rd plaintext.Rendering, granted int) turnPlan {
	if granted >= len(rd.Messages) {
		return turnPlan{texts: rd.Messages, buttons: s.buttons(rd)}
	}
	texts := append([]string(nil), rd.Messages[:granted]...)
	unsent := append([]string(nil), rd.Messages[granted:]...)
	more := ""
	if s.cfg.More != nil {
		more = strings.TrimSpace(s.cfg.More(chat, lang))
	}
	if more == "" {
		more = DefaultMore
	}
	more = plaintext.Text(more)
	room := MessageLimit - plaintext.Length(more) - 2
	last := texts[granted-1]
	if plaintext.Length(last) > room {
		parts := plaintext.Split(last, room)
		last = parts[0]
		unsent = append([]string{strings.Join(parts[1:], "\n")}, unsent...)
	}
	texts[granted-1] = last + "\n\n" + more
	return turnPlan{texts: texts, unsent: unsent}
}

// buttons turns the choices of a turn into buttons that send their number
// back, when the setting allows and Zalo's limits fit.
func (s *Sender) buttons(rd plaintext.Rendering) []Button {
	if !s.cfg.Client.cfg.Buttons || len(rd.Choices) == 0 || len(rd.Choices) > MaxButtons {
		return nil
	}
	out := make([]Button, 0, len(rd.Choices))
	for _, c := range rd.Choices {
		title := strconv.Itoa(c.Number) + ". " + c.Label
		if plaintext.Length(title) > MaxButtonTitle {
			return nil
		}
		out = append(out, Button{Title: title, Payload: strconv.Itoa(c.Number)})
	}
	return out
}
