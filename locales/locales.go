// Package locales embeds eidbot's message files: one go-i18n YAML file per
// language (vi, en, zh, ko) with the same keys. Keys are flat dotted IDs;
// values are text with Telegram HTML markup and {{.Placeholders}}.
package locales

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml
var files embed.FS

// FS returns the embedded message files.
func FS() fs.FS { return files }
