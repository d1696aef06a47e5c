package importer

import (
	"errors"
	"strings"
	"testing"
)

// TestHandWrittenFeedQuirks reads what real feeds send that the shared
// samples do not (review12, R12-5 to R12-8): HTML in names and notes,
// unknown type codes, days by name, "noon" and "24:00", a feed that is an
// object. Each either reads as a person means it or is reported.
func TestHandWrittenFeedQuirks(t *testing.T) {
	res, err := ParseMeetingGuide(strings.NewReader(`[
 {"slug":"html","name":"Caf&eacute; &amp; Friends","day":6,"time":"9:00 AM","location":"St. Mary&#39;s Hall",
  "notes":"Back door &amp; up the stairs<br>Parking in <b>rear</b>&nbsp;lot<p>Bring a friend</p>","formatted_address":"7 Main St, Springfield, IL"},
 {"slug":"less","name":"Under 5 & over","day":1,"time":"19:00","notes":"a <3 b","formatted_address":"1 Main"},
 {"slug":"types","name":"Odd types","day":0,"time":"8pm","types":["O","ZZZ","Q9"],"formatted_address":"2 Main"},
 {"slug":"types2","name":"Odd types again","day":1,"time":"8pm","types":"D, ZZZ","formatted_address":"3 Main"},
 {"slug":"named","name":"Named days","day":["Monday","thu"],"time":"noon","end_time":"1:00 PM","formatted_address":"4 Main"},
 {"slug":"late","name":"Until midnight","day":"5","time":"22:30","end_time":"24:00","formatted_address":"5 Main"},
 {"slug":"start24","name":"At midnight","day":[2,6],"time":"24:00","formatted_address":"8 Main"},
 {"slug":"parts","name":"In parts","day":1,"time":"19:00","address":"5 Oak St","city":"Springfield","state":"IL","postal_code":"62701","country":"US"},
 {"slug":"nonsense","name":"Someday","day":"Someday","time":"10:00","formatted_address":"6 Main"}
]`), Options{TimeZone: "America/Chicago"})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]Meeting{}
	for _, m := range res.Meetings {
		by[m.Slug] = m
	}
	if m := by["html"]; m.Name != "Café & Friends" || m.Location != "St. Mary's Hall" ||
		m.Notes != "Back door & up the stairs\nParking in rear lot\nBring a friend" || m.Time != "09:00" {
		t.Errorf("HTML read as text: name %q, location %q, notes %q", m.Name, m.Location, m.Notes)
	}
	if m := by["less"]; m.Name != "Under 5 & over" || m.Notes != "a <3 b" {
		t.Errorf("text that only looks like markup: %q %q", m.Name, m.Notes)
	}
	if m := by["named-1"]; m.Day != 1 || m.Time != "12:00" || m.EndTime != "13:00" || by["named-4"].Day != 4 {
		t.Errorf("days by name, noon: %+v", res.Meetings)
	}
	if m := by["late"]; m.Day != 5 || m.EndTime != "00:00" {
		t.Errorf("24:00: %+v", m)
	}
	// An address given in parts reads as a formatted one does.
	if m := by["parts"]; m.Address != "5 Oak St, Springfield, IL 62701, US" {
		t.Errorf("address in parts: %q", m.Address)
	}
	// Starting at "24:00" on Tuesday and Saturday is starting at the
	// midnight that ends each: Wednesday and Sunday at 00:00.
	if w, su := by["start24-3"], by["start24-0"]; w.Day != 3 || w.Time != "00:00" || w.EndTime != "01:00" || su.Day != 0 || su.Time != "00:00" || len(by) != 10 {
		t.Errorf("starting at 24:00: %+v", res.Meetings)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].Slug != "nonsense" ||
		res.Skipped[0].Reason != `day "Someday" is not a number (0 = Sunday … 6 = Saturday) or a day's name` {
		t.Errorf("skipped %+v", res.Skipped)
	}
	want := []string{
		`type code "Q9" is not a Meeting Guide type (meeting "types"); imported without it`,
		`type code "ZZZ" is not a Meeting Guide type (2 meetings, first "types"); imported without it`,
	}
	if strings.Join(res.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(res.Warnings, "\n"), strings.Join(want, "\n"))
	}
	if m := by["types"]; strings.Join(m.Types, ",") != "O" {
		t.Errorf("known types kept: %v", m.Types)
	}

	// A feed that is not a list says what it is instead.
	for in, want := range map[string]string{
		`{"meetings":[{"slug":"a"}]}`: `it is a JSON object with the key "meetings", not a list [{…}, …]`,
		`{"data":[],"status":"ok"}`:   `it is a JSON object with the keys "data", "status", not a list [{…}, …]`,
		`"https://example.org/feed"`:  `it is a single JSON value ("https://example.org/feed"), not a list [{…}, …]`,
		"\ufeff" + `{"slug":"one"}`:   `it is a JSON object with the key "slug", not a list [{…}, …]`,
	} {
		_, err := ParseMeetingGuide(strings.NewReader(in), Options{TimeZone: "UTC"})
		if !errors.Is(err, ErrUnreadable) || !strings.HasSuffix(err.Error(), want) || strings.Contains(err.Error(), "Go value") {
			t.Errorf("%s: %v, want …%s", in, err, want)
		}
	}
}
