package bot_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eidbot/eidbot/bot"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/golden")

// transcripts are the main paths, replayed in every language. Inputs are
// commands ("/start"), choice ids pressed on the newest keyboard ("vn"), or
// typed text ("'hello").
var transcripts = []struct {
	name   string
	inputs []string
}{
	{"citizen-card-c1", []string{"/start", "check", "vn", "14_plus", "valid", "mine", "has"}},
	{"foreigner-residence-card-f1", []string{"/start", "check", "foreign", "trc", "14_plus", "mine"}},
	{"foreigner-visa-only", []string{"/start", "check", "foreign", "none"}},
	{"child-6-13", []string{"/start", "check", "vn", "6_13", "valid"}},
	{"lost-card", []string{"/start", "check", "vn", "14_plus", "lost"}},
}

// TestGoldenTranscripts replays each path in each language and compares
// the conversation with testdata/golden/<name>.<lang>.txt, which shows the
// real localized text so a reviewer can read it. go test ./bot -update
// rewrites them.
func TestGoldenTranscripts(t *testing.T) {
	e, _ := realEngine(t)
	for _, tr := range transcripts {
		for _, lang := range bot.Languages {
			t.Run(tr.name+"."+string(lang), func(t *testing.T) {
				got := replay(t, e, lang, tr.inputs)
				path := filepath.Join("testdata", "golden", tr.name+"."+string(lang)+".txt")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./bot -update)", err)
				}
				if got != string(want) {
					t.Errorf("transcript differs from %s (go test ./bot -update rewrites it):\n%s", path, diff(string(want), got))
				}
			})
		}
	}
}

// replay runs inputs through Step and writes the conversation down.
func replay(t *testing.T, e *bot.Engine, lang bot.Lang, inputs []string) string {
	var b strings.Builder
	s := bot.NewSession(private, string(lang), t0)
	var keyboard [][]bot.Button
	msgID, keyboardMsg := 0, 0
	for _, in := range inputs {
		var u bot.Update
		switch {
		case strings.HasPrefix(in, "/"):
			name, payload, _ := strings.Cut(in[1:], " ")
			u = cmd(name, payload)
			fmt.Fprintf(&b, "» %s\n", in)
		case strings.HasPrefix(in, "'"):
			u = text(in[1:])
			fmt.Fprintf(&b, "» %s\n", in[1:])
		default:
			btn := find(t, keyboard, in)
			u = press(btn.Data, keyboardMsg)
			fmt.Fprintf(&b, "» [%s]\n", btn.Label)
		}
		u.From.LanguageCode = string(lang)
		out := e.Step(s, u)
		s = out.Session
		s.Version++
		for _, r := range out.Replies {
			switch r.Kind {
			case bot.ReplyAnswer:
				if r.Text != "" {
					fmt.Fprintf(&b, "  (notice: %s)\n", r.Text)
				}
			case bot.ReplyEdit:
				fmt.Fprintf(&b, "  (message %d now shows %s)\n", r.EditID, labels(r.Buttons))
			case bot.ReplyText:
				msgID++
				fmt.Fprintf(&b, "\n« #%d\n%s\n", msgID, r.Text)
				if len(r.Buttons) > 0 {
					keyboard, keyboardMsg = r.Buttons, msgID
					for _, row := range r.Buttons {
						fmt.Fprintf(&b, "  %s\n", labels([][]bot.Button{row}))
					}
				}
				b.WriteString("\n")
			default:
				fmt.Fprintf(&b, "  (%s)\n", r.Kind)
			}
		}
	}
	return b.String()
}

func find(t *testing.T, keyboard [][]bot.Button, choice string) bot.Button {
	t.Helper()
	for _, row := range keyboard {
		for _, btn := range row {
			if btn.Data == choice || strings.HasSuffix(btn.Data, "|"+choice) {
				return btn
			}
		}
	}
	t.Fatalf("no button %q in %s", choice, labels(keyboard))
	return bot.Button{}
}

func labels(rows [][]bot.Button) string {
	var parts []string
	for _, row := range rows {
		for _, btn := range row {
			parts = append(parts, "["+btn.Label+"]")
		}
	}
	return strings.Join(parts, " ")
}

// diff shows the first differing line with some context.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, wl, gl)
		}
	}
	return "(no difference)"
}
