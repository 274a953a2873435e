package campaign

import (
	"context"

	"github.com/eidbot/eidbot/bot"
)

// progress sends or edits the author's progress report when it is this
// Worker's turn (at most once per ReportEvery over all Workers).
func (w *Worker) progress(ctx context.Context, c bot.Campaign) {
	if w.cfg.Report == nil || c.AuthorChat.ID == 0 {
		return
	}
	msg, turn, err := w.cfg.Queue.ReportTurn(ctx, c.ID, w.cfg.ReportEvery)
	if err != nil {
		w.logErr(ctx, "progress report", err)
	}
	if turn {
		w.report(ctx, c, false, msg)
	}
}

// report sends the progress report (editing message msg when not 0) or the
// final report, which is always a new message so that the author is
// notified. A failure is logged: reports are not retried.
func (w *Worker) report(ctx context.Context, c bot.Campaign, final bool, msg int) {
	if w.cfg.Report == nil || c.AuthorChat.ID == 0 {
		return
	}
	r := w.cfg.Report(c, final)
	r.Chat, r.Kind = c.AuthorChat, bot.ReplyText
	if msg != 0 {
		r.Kind, r.EditID = bot.ReplyEdit, msg
	}
	if err := w.reserve(ctx, r.Chat); err != nil {
		w.logErr(ctx, "progress report", err)
		return
	}
	sent, err := w.cfg.Sender.Send(ctx, r)
	if err != nil {
		w.logErr(ctx, "progress report", err)
		return
	}
	if !final && msg == 0 && sent.MessageID != 0 {
		if err := w.cfg.Queue.SetReport(ctx, c.ID, sent.MessageID); err != nil {
			w.logErr(ctx, "progress report", err)
		}
	}
}
