package importer

import (
	"bytes"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/textin"
)

// FuzzMeetingGuide reads fuzzed feeds: no input makes the reader fail
// other than as unreadable, and no meeting it returns carries text that
// the boundary would refuse (NUL, control characters, invalid UTF-8).
func FuzzMeetingGuide(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ParseMeetingGuide(bytes.NewReader(data), Options{TimeZone: "America/Chicago"})
		if err != nil {
			return
		}
		for _, m := range res.Meetings {
			if e := textin.CheckLines(m); e != nil {
				t.Fatalf("meeting %q kept text the boundary refuses: %v", m.Slug, e)
			}
			if m.Slug == "" || m.Name == "" {
				t.Fatalf("a meeting without a slug or name: %+v", m)
			}
		}
	})
}

// FuzzFacilities reads fuzzed facility files, JSON pages and listing CSVs
// alike (the seed corpus has both): the same promises as FuzzMeetingGuide.
func FuzzFacilities(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ParseFacilities(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, fac := range res.Facilities {
			if e := textin.CheckLines(fac); e != nil {
				t.Fatalf("facility %q kept text the boundary refuses: %v", fac.Name, e)
			}
			if fac.Name == "" || fac.ID == "" {
				t.Fatalf("a facility without a name or id: %+v", fac)
			}
		}
	})
}
