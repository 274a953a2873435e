package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/eidbot/eidbot/bot/understand"
	"github.com/eidbot/eidbot/internal/redisstore"
)

// unansweredQuestions are the typed questions the bot could not answer,
// kept redacted and without the chat on st's Redis, grouped by the
// matcher's own normalisation: "Làm hộ chiếu ở đâu?" and "lam ho chieu o
// dau" are one question.
func unansweredQuestions(st *redisstore.Store) *redisstore.Questions {
	return st.Questions(redisstore.QuestionsConfig{Normalize: understand.Normalize})
}

// questionsReportCommand is
// "eidbot questions report [--min-chats 3] [--days 30]".
func questionsReportCommand() *command {
	keep := int(redisstore.QuestionsKeep / (24 * time.Hour))
	return &command{
		name:    "questions report",
		args:    "[--min-chats N] [--days N]",
		summary: "print the typed questions the bot could not answer, most asked first (needs REDIS_URL)",
		about: fmt.Sprintf("Reads the deployment's Redis (REDIS_URL). Questions are kept redacted (names, numbers,\n"+
			"phone numbers, IDs, e-mail addresses and links taken out), without any chat or user id,\n"+
			"for %d days; one is printed only once at least %d different chats asked it.\n"+
			"Prints the chats that asked each, the times it was asked, its language and its text.",
			keep, redisstore.QuestionsMinChats),
		flags: func(fs *flag.FlagSet) action {
			minChats := fs.Int("min-chats", redisstore.QuestionsMinChats,
				fmt.Sprintf("print questions at least this many different chats asked (%d or more)", redisstore.QuestionsMinChats))
			days := fs.Int("days", keep, fmt.Sprintf("over the last this many days, today included (1 to %d)", keep))
			return func(ctx context.Context, e *proc, _ []string) error {
				switch {
				case *minChats < redisstore.QuestionsMinChats:
					return usagef("questions report: --min-chats %d: a question is printed only once at least %d chats asked it",
						*minChats, redisstore.QuestionsMinChats)
				case *days < 1 || *days > keep:
					return usagef("questions report: --days %d: questions are kept for %d days; want 1 to %d", *days, keep, keep)
				}
				return runQuestionsReport(ctx, e.getenv, *minChats, *days, e.stdout)
			}
		},
	}
}

// runQuestionsReport prints the questions at least minChats chats asked
// over the last days days.
func runQuestionsReport(ctx context.Context, getenv func(string) string, minChats, days int, stdout io.Writer) error {
	cfg, err := staffConfig(getenv)
	if err != nil {
		return err
	}
	return withStaffStore(ctx, cfg, func(st *redisstore.Store) error {
		asked, err := unansweredQuestions(st).Report(ctx, minChats, days)
		if err != nil {
			return err
		}
		return printQuestions(stdout, asked, minChats, days)
	})
}

// printQuestions writes the report as a table. The texts were redacted,
// control characters included, before they were kept.
func printQuestions(w io.Writer, asked []redisstore.AskedQuestion, minChats, days int) error {
	fmt.Fprintf(w, "unanswered questions asked by at least %d chats in the last %d days, most asked first\n", minChats, days)
	if len(asked) == 0 {
		_, err := fmt.Fprintln(w, "none")
		return err
	}
	fmt.Fprintln(w, "CHATS  ASKED  LANG  QUESTION")
	for _, q := range asked {
		fmt.Fprintf(w, "%5d  %5d  %-4s  %s\n", q.Chats, q.Asked, q.Lang, q.Text)
	}
	_, err := fmt.Fprintf(w, "%d question(s)\n", len(asked))
	return err
}
