package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/eidbot/eidbot/bot"
)

// chromium finds Debian's chromium (or EIDBOT_CHROMIUM), or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("EIDBOT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("web chat browser tests skipped: Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile and no
// background traffic (the machine has no network), and returns a tab.
func newBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// pageHelpers are defined in every page the tests open: they look into the
// widget's shadow root and iframe (same origin on the demo page).
const pageHelpers = `window.T = {
  doc() { const h = document.querySelector('#eidbot-webchat'); const f = h && h.shadowRoot.querySelector('iframe'); return f ? f.contentDocument : document; },
  active() {
    let a = document.activeElement;
    if (a && a.id === 'eidbot-webchat') a = a.shadowRoot.activeElement;
    if (a && a.tagName === 'IFRAME') a = a.contentDocument.activeElement;
    return a;
  },
  focused() { const a = T.active(); return a ? { tag: a.tagName, choice: (a.dataset && a.dataset.choice) || '', text: (a.textContent || '').trim().slice(0, 60), label: a.getAttribute('aria-label') || '' } : {}; },
  bots() { return [...T.doc().querySelectorAll('#log .msg.bot')].map((m) => ({ id: m.dataset.event, text: m.querySelector('.bubble').textContent })); },
  texts() { return T.bots().map((m) => m.text).join('\n---\n'); },
}; true`

// focusInView is true when the focused element lies wholly inside the
// message list's visible part (WCAG 2.4.11: focus not hidden).
const focusInView = `(() => {
  const a = T.active(), log = T.doc().getElementById('log');
  if (!a || !log.contains(a)) return false;
  const r = a.getBoundingClientRect(), l = log.getBoundingClientRect();
  return r.top >= l.top - 1 && r.bottom <= l.bottom + 1;
})()`

// browserDo runs actions or fails the test.
func browserDo(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a page expression into a T or fails the test.
func eval[T any](t *testing.T, ctx context.Context, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("browser: evaluating %.60s: %v", expr, err)
	}
	return v
}

// open navigates and defines the helpers.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	browserDo(t, ctx, chromedp.Navigate(url))
	eval[bool](t, ctx, pageHelpers)
}

// waitJS waits up to 15 s for a page expression to be true.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(15*time.Second), chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		texts, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.T ? T.texts() : ''`))
		t.Fatalf("waiting for %s: %v\nthe chat shows:\n%s", what, err, texts)
	}
}

// focus is the focused element, inside the widget's iframe too.
type focus struct {
	Tag    string `json:"tag"`
	Choice string `json:"choice"`
	Text   string `json:"text"`
	Label  string `json:"label"`
}

func focused(t *testing.T, ctx context.Context) focus {
	t.Helper()
	return eval[focus](t, ctx, `T.focused()`)
}

// botMsg is a message of the bot as the chat shows it.
type botMsg struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// tabTo presses Tab (Shift+Tab when back) until the focused element
// matches, as a keyboard user moves; it fails after 40 presses.
func tabTo(t *testing.T, ctx context.Context, back bool, match func(focus) bool) {
	t.Helper()
	var seen []string
	for range 40 {
		var opts []chromedp.KeyOption
		if back {
			opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
		}
		browserDo(t, ctx, chromedp.KeyEvent(kb.Tab, opts...))
		f := focused(t, ctx)
		if match(f) {
			return
		}
		seen = append(seen, fmt.Sprintf("%+v", f))
	}
	t.Fatalf("Tab never reached the element; focus went through:\n%s", strings.Join(seen, "\n"))
}

// isChoice matches a focused answer button whose data ends in "|id" (or,
// for "p|", any picker button).
func isChoice(id string) func(focus) bool {
	return func(f focus) bool {
		return f.Tag == "BUTTON" && (strings.HasSuffix(f.Choice, "|"+id) || (id == "p|" && strings.HasPrefix(f.Choice, "p|")))
	}
}

// botCount is how many bot messages the chat shows.
func botCount(t *testing.T, ctx context.Context) int {
	t.Helper()
	return eval[int](t, ctx, `T.bots().length`)
}

// choose moves to an answer with the keyboard, presses Enter and waits
// for the next question, which takes the focus.
func choose(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	before := botCount(t, ctx)
	tabTo(t, ctx, false, isChoice(id))
	browserDo(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "the answer to "+id, fmt.Sprintf(`T.bots().length > %d`, before))
}

// typeLine focuses the message field (Shift+Tab from the answers) and
// sends text as typed keys.
func typeLine(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	before := botCount(t, ctx)
	if focused(t, ctx).Tag != "INPUT" {
		tabTo(t, ctx, false, func(f focus) bool { return f.Tag == "INPUT" })
	}
	browserDo(t, ctx, chromedp.KeyEvent(text), chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "the answer to "+text, fmt.Sprintf(`T.bots().length > %d`, before))
}

// openWidget tabs to the launcher and opens it with Enter, then waits for
// the chat to show a question with the focus on its first answer.
func openWidget(t *testing.T, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, "the launcher", `!!document.querySelector('#eidbot-webchat')`)
	tabTo(t, ctx, false, func(f focus) bool { return f.Tag == "BUTTON" && strings.Contains(f.Text, "VNeID") })
	browserDo(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "a question with the focus on an answer", `T.bots().length > 0 && T.focused().choice !== ''`)
}

// holdVenue is a web chat sender wrapper that, once armed, holds the next
// venue reply until released: the answer is cut half way, after its text
// has reached the browser.
type holdVenue struct {
	mu      sync.Mutex
	armed   bool
	held    chan struct{}
	release chan struct{}
}

func (h *holdVenue) arm() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.armed, h.held, h.release = true, make(chan struct{}), make(chan struct{})
}

func (h *holdVenue) wrap(s bot.Sender) bot.Sender {
	return senderFunc(func(ctx context.Context, r bot.Reply) (bot.Sent, error) {
		h.mu.Lock()
		hold := h.armed && r.Kind == bot.ReplyVenue
		if hold {
			h.armed = false
		}
		h.mu.Unlock()
		if hold {
			close(h.held)
			<-h.release
		}
		return s.Send(ctx, r)
	})
}

type senderFunc func(context.Context, bot.Reply) (bot.Sent, error)

func (f senderFunc) Send(ctx context.Context, r bot.Reply) (bot.Sent, error) { return f(ctx, r) }

var bookingCode = regexp.MustCompile(`[0-9A-Z]{3}-[0-9A-Z]{3}`)

// TestWebChatInBrowser is a Korean foreigner on a ward's page, using the
// keyboard only: open the widget, walk the eligibility check to the
// checklist, book an appointment (reloading the page half way), have the
// server stopped while the confirmation is being sent and started again,
// see every reply exactly once, and download the .ics.
func TestWebChatInBrowser(t *testing.T) {
	chromium(t) // skip before starting anything
	r := e2eRedis(t)
	hold := &holdVenue{}
	m := webMain(t, r, "127.0.0.1:0", func(m *Main) { m.web.wrap = hold.wrap })
	base := "http://" + m.Addr()
	ctx := newBrowser(t, 1280, 800)
	cat := catalog(t)
	start := time.Now()

	open(t, ctx, base+"/webchat/demo?lang=ko")
	openWidget(t, ctx)
	for _, id := range []string{"check", "foreign", "trc", "14_plus", "mine"} {
		choose(t, ctx, id)
	}
	texts := eval[string](t, ctx, `T.texts()`)
	if title := cat.Text(bot.Korean, "cl.f1.title", nil); !strings.Contains(texts, title) {
		t.Fatalf("no checklist %q:\n%s", title, texts)
	}
	// A typed question in the middle of the flow: answered (the checklist
	// names the passport), then the flow's question again.
	asked := botCount(t, ctx)
	typeLine(t, ctx, "여권 필요한가요?")
	back := cat.Text(bot.Korean, "ask.back", nil)
	waitJS(t, ctx, "the question again", fmt.Sprintf(`T.bots().at(-1).text.includes(%q)`, back))
	texts = eval[string](t, ctx, fmt.Sprintf(`T.bots().slice(%d).map(m => m.text).join("\n")`, asked))
	if !strings.Contains(texts, "여권") || strings.Count(texts, back) != 1 {
		t.Fatalf("the typed question got:\n%s", texts)
	}

	// A foreign national is offered no home visit: straight to the offices.
	for _, id := range []string{"book", "self", "p|", "p|"} {
		choose(t, ctx, id)
	}
	// Reload mid-flow: the history comes back, once, and the walk goes on.
	before := eval[[]botMsg](t, ctx, `T.bots()`)
	open(t, ctx, base+"/webchat/demo?lang=ko")
	openWidget(t, ctx)
	waitJS(t, ctx, "the history", fmt.Sprintf(`T.bots().length >= %d`, len(before)))
	after := eval[[]botMsg](t, ctx, `T.bots()`)
	if len(after) != len(before) || after[len(after)-1].ID != before[len(before)-1].ID {
		t.Fatalf("after the reload the chat shows %d messages, before %d", len(after), len(before))
	}
	for _, id := range []string{"p|", "agree", "yes"} {
		choose(t, ctx, id)
	}
	typeLine(t, ctx, "Kim Minji")
	typeLine(t, ctx, "0912345678")

	// Confirm; the server stops once the confirmation's text is out and
	// before its place and calendar file are, and starts again.
	hold.arm()
	tabTo(t, ctx, true, isChoice("yes"))
	browserDo(t, ctx, chromedp.KeyEvent(kb.Enter))
	<-hold.held
	// The confirmation, then the checklist as its own message.
	waitJS(t, ctx, "the confirmation", `T.bots().slice(-2).some(m => /[0-9A-Z]{3}-[0-9A-Z]{3}/.test(m.text))`)
	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()
	waitFor(t, "the streams to close", func() bool { return m.web.svc.Streams() == 0 })
	close(hold.release)
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	webMain(t, r, m.Addr(), nil)
	waitJS(t, ctx, "the place and the calendar file", `T.doc().querySelector('#log .file') !== null`)

	// Every reply exactly once: the chat shows the server's history.
	shown := eval[[]botMsg](t, ctx, `T.bots()`)
	token := eval[string](t, ctx, `T.doc().defaultView.localStorage.getItem('eidbot.token')`)
	v := &webVisitor{t: t, base: base, token: token, client: &http.Client{Timeout: 10 * time.Second}}
	var want []string
	for _, e := range v.history() {
		if e.Type == "message" || e.Type == "venue" || e.Type == "file" {
			want = append(want, e.ID)
		}
	}
	var got []string
	for _, s := range shown {
		got = append(got, s.ID)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("the chat shows events\n%v\nthe server sent\n%v", got, want)
	}
	last := shown[len(shown)-4:]
	code := bookingCode.FindString(last[0].Text)
	if code == "" || !strings.Contains(last[1].Text, "/myappointment") || !strings.HasPrefix(last[2].Text, "📍") || !strings.Contains(last[3].Text, ".ics") {
		t.Fatalf("the confirmation, checklist, place and file:\n%+v", last)
	}

	// Download the calendar file with the keyboard.
	dir := t.TempDir()
	events := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events}); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	go func() {
		for e, err := range progress {
			if err != nil {
				return
			}
			if e.State == browser.DownloadProgressStateCompleted {
				done <- e.GUID
				return
			}
		}
	}()
	tabTo(t, ctx, false, func(f focus) bool { return f.Tag == "A" && strings.Contains(f.Text, ".ics") })
	browserDo(t, ctx, chromedp.KeyEvent(kb.Enter))
	select {
	case guid := <-done:
		ics, err := os.ReadFile(filepath.Join(dir, guid))
		if err != nil || !strings.Contains(string(ics), "BEGIN:VCALENDAR") || !strings.Contains(string(ics), strings.ReplaceAll(code, "-", "")) {
			t.Fatalf("downloaded calendar file (%v):\n%s", err, ics)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the .ics was not downloaded")
	}
	t.Logf("the walk took %v in the browser", time.Since(start).Round(time.Millisecond))
}

// axeSource is axe-core, vendored from npm (testdata/axe, with its licence).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// axeViolations runs axe-core in the chat's document (the iframe's, or the
// page's), or with host in the host page around it (the launcher in its
// shadow root; the iframe is checked on its own), and returns the serious
// and critical violations.
func axeViolations(t *testing.T, ctx context.Context, axe string, host bool) []string {
	t.Helper()
	doc := "T.doc()"
	if host {
		doc = "document"
	}
	script := `(async () => {
	  const w = ` + doc + `.defaultView;
	  if (!w.axe) w.eval(window.__axe);
	  const res = await w.axe.run(w.document, { resultTypes: ['violations'], iframes: false });
	  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
	    .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
	})()`
	eval[bool](t, ctx, `window.__axe = `+mustJSONString(axe)+`; true`)
	return eval[[]string](t, ctx, script, chromedp.EvalAwaitPromise)
}

// bypassCSP lets the test evaluate axe in the pages, whose policy forbids
// eval (as it should).
func bypassCSP(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
}

func mustJSONString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// screenshotDir is where screenshots go: $EIDBOT_SCREENSHOTS, or the
// test's artifact directory (kept with go test -artifacts).
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("EIDBOT_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.ArtifactDir()
}

// TestWebChatAccessibility checks the open widget and the full page with
// axe-core (no serious or critical violation), at 320 px wide and with
// text at 200 % (no sideways scrolling), and takes screenshots of the open
// widget in Vietnamese and Chinese at 360×740 and 1280×800.
func TestWebChatAccessibility(t *testing.T) {
	chromium(t)
	m := webMain(t, e2eRedis(t), "127.0.0.1:0", nil)
	base := "http://" + m.Addr()
	axe := axeSource(t)
	dir := screenshotDir(t)
	for _, lang := range []string{"vi", "zh"} {
		for _, size := range [][2]int{{360, 740}, {1280, 800}} {
			t.Run(fmt.Sprintf("%s-%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				ctx := newBrowser(t, size[0], size[1])
				// axe is evaluated in the chat's frame; the pages' CSP
				// rightly forbids eval, so this test sets it aside.
				bypassCSP(t, ctx)
				open(t, ctx, base+"/webchat/demo?lang="+lang)
				openWidget(t, ctx)
				waitJS(t, ctx, "the chat in "+lang, `T.doc().documentElement.lang === '`+lang+`'`)
				waitJS(t, ctx, "the focused answer in full view", focusInView)
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(dir, fmt.Sprintf("webchat-%s-%dx%d.png", lang, size[0], size[1]))
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("screenshot %s", name)
				if v := axeViolations(t, ctx, axe, false); len(v) > 0 {
					t.Errorf("axe on the open widget:\n%s", strings.Join(v, "\n"))
				}
				if v := axeViolations(t, ctx, axe, true); len(v) > 0 {
					t.Errorf("axe on the demo page with the widget open:\n%s", strings.Join(v, "\n"))
				}
			})
		}
	}
	t.Run("full page", func(t *testing.T) {
		ctx := newBrowser(t, 320, 640)
		bypassCSP(t, ctx)
		open(t, ctx, base+"/webchat/?lang=ko")
		waitJS(t, ctx, "the menu", `T.bots().length > 0 && T.doc().querySelectorAll('.choice').length > 0`)
		if v := axeViolations(t, ctx, axe, false); len(v) > 0 {
			t.Errorf("axe on the full page:\n%s", strings.Join(v, "\n"))
		}
		overflow := `document.documentElement.scrollWidth <= document.documentElement.clientWidth`
		if !eval[bool](t, ctx, overflow) {
			t.Error("at 320 px wide the page scrolls sideways")
		}
		browserDo(t, ctx, chromedp.EmulateViewport(1280, 800))
		eval[bool](t, ctx, `document.documentElement.style.fontSize = '200%'; true`)
		if !eval[bool](t, ctx, overflow) {
			t.Error("with text at 200 % the page scrolls sideways")
		}
	})
}
