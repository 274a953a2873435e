package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version and commit are set by the linker, as the Dockerfile does (the
// image is built without .git, so the go command cannot find them):
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=$(git rev-parse HEAD)" ./cmd/eidbot
var version, commit string

// versionCommand is "eidbot version", also "eidbot --version".
func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the version and commit this binary was built from",
		about: "Set at build time with -ldflags \"-X main.version=… -X main.commit=…\"; otherwise what the go\n" +
			"command recorded (the module version for go install, the git revision for go build in a checkout).",
		flags: func(*flag.FlagSet) action {
			return func(_ context.Context, e *proc, _ []string) error {
				info, _ := debug.ReadBuildInfo()
				v, c := buildVersion(version, commit, info)
				_, err := fmt.Fprintf(e.stdout, "eidbot %s (commit %s, %s %s/%s)\n", v, c, runtime.Version(), runtime.GOOS, runtime.GOARCH)
				return err
			}
		},
	}
}

// buildVersion picks the version and commit: the linker's values when set,
// else the build information the go command recorded (info may be nil),
// else "devel" and "unknown".
func buildVersion(ldVersion, ldCommit string, info *debug.BuildInfo) (v, c string) {
	v, c = ldVersion, ldCommit
	if info != nil {
		if v == "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		if c == "" {
			c = revision(info)
		}
	}
	return or(v, "devel"), or(c, "unknown")
}

// revision is the git commit recorded in info, marked "-dirty" when the
// working tree had changes.
func revision(info *debug.BuildInfo) string {
	var rev, dirty string
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			rev = s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "-dirty"
		}
	}
	if rev == "" {
		return ""
	}
	return rev + dirty
}
