package main

import "runtime/debug"

// buildVersion may be set with -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion = ""

// version names this build: the linker-set version, else the module
// version and VCS revision Go recorded.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
