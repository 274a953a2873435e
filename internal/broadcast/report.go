package broadcast

import (
	"context"
	"sync"

	"github.com/eidbot/eidbot/bot"
)

// progress sends or edits the author's progress report when it is this
// Worker's turn (at most once per ReportEvery over all Workers), unless the
// author's channel cannot edit it (noEdits). The
// report goes out in the background, so that waiting for the author's
// chat limit never holds up delivery; one at a time per Worker.
func (w *Worker) progress(ctx context.Context, c bot.Campaign, bg *sync.WaitGroup) {
	if w.cfg.Report == nil || c.AuthorChat.IsZero() || !w.reporting.CompareAndSwap(false, true) {
		return
	}
	msg, turn, err := w.cfg.Queue.ReportTurn(ctx, c.ID, w.cfg.ReportEvery)
	if err != nil || !turn || msg == noEdits {
		if err != nil {
			w.logErr(ctx, "progress report", err)
		}
		w.reporting.Store(false)
		return
	}
	bg.Go(func() {
		defer w.reporting.Store(false)
		w.report(ctx, c, false, msg)
	})
}

// report sends the progress report (editing message msg when not 0) or the
// final report, which is always a new message so that the author is
// notified. A failure is logged: reports are not retried.
func (w *Worker) report(ctx context.Context, c bot.Campaign, final bool, msg int) {
	if w.cfg.Report == nil || c.AuthorChat.IsZero() {
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
	if !final && msg == 0 {
		id := sent.MessageID
		if id == 0 {
			id = noEdits
		}
		if err := w.cfg.Queue.SetReport(ctx, c.ID, id); err != nil {
			w.logErr(ctx, "progress report", err)
		}
	}
}

// noEdits stands for the progress message of an author whose channel
// reports no message id (the Zalo Bot Platform): a message there cannot be
// edited, so instead of a new message every ReportEvery, the author gets
// the first progress report and the final one.
const noEdits = -1
