package bot_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
	"github.com/eidbot/eidbot/bot/appointment"
	"github.com/eidbot/eidbot/bot/bottest"
	"github.com/eidbot/eidbot/bot/committee"
	"github.com/eidbot/eidbot/flows"
)

// TestFlowsNeedTheirFeatures: an engine whose flows call actions nobody
// registered is refused when it is built, not half-way through a chat.
func TestFlowsNeedTheirFeatures(t *testing.T) {
	store := bottest.NewStore()
	_, err := bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: bottest.Translator{},
		Sessions: store, Journal: store, Sender: &bottest.Sender{}})
	if err == nil || !strings.Contains(err.Error(), "is not registered") {
		t.Fatalf("NewEngine without features = %v", err)
	}
	if _, err := bot.NewEngine(bot.Config{Flows: flows.MustLoadEmbedded(), Translator: bottest.Translator{},
		Sessions: store, Journal: store, Sender: &bottest.Sender{}, Features: testFeatures(t)}); err != nil {
		t.Fatalf("NewEngine with the features: %v", err)
	}
}

// TestMenuAndNames: the command menu keeps its order across features, and
// the flows checker learns every feature's names.
func TestMenuAndNames(t *testing.T) {
	r := bot.NewRegistry(new(appointment.Feature), new(committee.Feature))
	want := []string{"start", "menu", "help", "myappointment", "subscribe", "unsubscribe", "activated", "language", "cancel", "forget"}
	if got := r.Menu(); !slices.Equal(got, want) {
		t.Fatalf("Menu = %v, want %v", got, want)
	}
	opts := r.CheckOptions()
	for _, name := range []string{"case_summary", "booking_start", "broadcast_submit"} {
		if !slices.Contains(opts.Actions, name) {
			t.Errorf("action %s missing from %v", name, opts.Actions)
		}
	}
	if !slices.Contains(opts.Pickers, "points") || !slices.Contains(opts.Commands, "grant") || !slices.Contains(opts.Commands, "register_group") {
		t.Errorf("names missing: %+v", opts)
	}
}

// twice registers one command twice.
type twice struct{}

func (twice) Register(r *bot.Registry) {
	r.Command("menu", bot.Command{Private: func(bot.Turn, string) {}})
}

func TestRegisteringANameTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a second /menu was accepted")
		}
	}()
	bot.NewRegistry(twice{})
}
