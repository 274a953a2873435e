package webchat

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"path"
	"regexp"
	"strings"

	"github.com/eidbot/eidbot/bot"
)

// The browser side: plain JavaScript and CSS, no framework and no build
// step, embedded in the binary.
//
//go:embed assets
var files embed.FS

// asset is one file as served: its bytes, gzipped bytes, type and a
// version (a hash of the content, for cache busting and ETags).
type asset struct {
	body, gz []byte
	ctype    string
	version  string
}

// assets are the static files by name, loaded and compressed once.
var assets = loadAssets()

func loadAssets() map[string]asset {
	out := map[string]asset{}
	entries, err := files.ReadDir("assets")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	for _, e := range entries {
		body, err := files.ReadFile("assets/" + e.Name())
		if err != nil {
			panic(err)
		}
		out[e.Name()] = newAsset(e.Name(), body)
	}
	// The pages name chat.js and chat.css with their versions, so those
	// can be cached for long; the pages themselves are not.
	v := out["chat.js"].version + out["chat.css"].version
	for _, name := range []string{"chat.html", "demo.html"} {
		a := out[name]
		out[name] = newAsset(name, bytes.ReplaceAll(a.body, []byte("{{v}}"), []byte(v[:8]+v[16:24])))
	}
	return out
}

func newAsset(name string, body []byte) asset {
	sum := sha256.Sum256(body)
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(body)
	w.Close()
	ctype := mime.TypeByExtension(path.Ext(name))
	if strings.HasPrefix(ctype, "text/") && !strings.Contains(ctype, "charset") {
		ctype += "; charset=utf-8"
	}
	return asset{body: body, gz: gz.Bytes(), ctype: ctype, version: hex.EncodeToString(sum[:])[:16]}
}

// Asset returns a static file by name (widget.js, chat.js, chat.css,
// demo.css): its body, gzipped when gz and smaller so, its content type
// and version (for an ETag). ok is false for no such file.
func (s *Service) Asset(name string, gz bool) (body []byte, ctype, version string, gzipped, ok bool) {
	if strings.HasSuffix(name, ".html") {
		return nil, "", "", false, false
	}
	a, ok := assets[name]
	if !ok {
		return nil, "", "", false, false
	}
	if gz && len(a.gz) < len(a.body) {
		return a.gz, a.ctype, a.version, true, true
	}
	return a.body, a.ctype, a.version, false, true
}

// pointID is the form of a reception point id (as in points.yaml).
var pointID = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

// Page renders the chat page ("chat") or the demo page ("demo") in lang
// (a hint; anything unknown is Vietnamese), the demo's widget opening at
// reception point point when it is a well-formed id. The chat page reads
// its point from its own URL.
func (s *Service) Page(name, lang, point string) ([]byte, bool) {
	a, ok := assets[name+".html"]
	if !ok {
		return nil, false
	}
	if !pointID.MatchString(point) {
		point = ""
	}
	r := strings.NewReplacer("{{lang}}", string(bot.PickLang(lang)), "{{point}}", point)
	return []byte(r.Replace(string(a.body))), true
}

// Sizes reports each file's size and gzipped size in bytes, for the
// budget test and docs.
func Sizes() map[string][2]int {
	out := map[string][2]int{}
	for name, a := range assets {
		out[name] = [2]int{len(a.body), len(a.gz)}
	}
	return out
}
