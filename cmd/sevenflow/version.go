package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

var versionCommand = command{
	name:    "version",
	usage:   "version",
	summary: "print the sevenflow version",
	run: func(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
		rest, err := parseFlags(fs, args)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			return usageErrorf("", "version takes no arguments")
		}
		fmt.Fprintf(e.stdout, "sevenflow %s %s %s/%s %s\n", buildVersion(), buildRevision(), runtime.GOOS, runtime.GOARCH, runtime.Version())
		return nil
	},
}

// buildRevision is the VCS revision the binary was built from, from the
// build info ("revision 0123abc", with "+modified" for uncommitted
// changes), or "revision unknown" when the build has none (go run, or a
// build outside a checkout).
func buildRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "revision unknown"
	}
	var rev string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "revision unknown"
	}
	if modified {
		rev += "+modified"
	}
	return "revision " + rev
}

// buildVersion is the version stamped by the linker, else the module version
// from the build info, else "devel".
func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}
