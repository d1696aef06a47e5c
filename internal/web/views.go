package web

import (
	"fmt"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// Pages get typed view values where the app's types hold pointers: a
// template reading a *bool in {{if}} sees "non-nil", not the answer, and
// printf on a *float64 prints an address. A view row carries words, so
// there is nothing left for a template to misread.

// checkinRow is one shared check-in as a mentor or program staff read it.
// Each value is the word shown, or "" when the member did not share it.
type checkinRow struct {
	Date    string        // the day in words, "8 December 2026"
	Day     template.HTML // the day as a table's row shows it (dayCellIn)
	Mood    string        // "4/5"
	Craving string        // "0/10"
	Used    string        // "Yes" or "No"
	Note    string
}

// checkinRows turns shared check-ins into rows, reading what each pointer
// points at: a member who answered No reads "No".
func checkinRows(l *i18n.Lang, cs []app.SharedCheckin) []checkinRow {
	rows := make([]checkinRow, 0, len(cs))
	for _, c := range cs {
		r := checkinRow{Date: dayIn(l, c.Date), Day: dayCellIn(l, c.Date), Note: c.Note}
		if c.Mood != nil {
			r.Mood = strconv.Itoa(*c.Mood) + "/5"
		}
		if c.Craving != nil {
			r.Craving = strconv.Itoa(*c.Craving) + "/10"
		}
		if c.Used != nil {
			r.Used, _ = yesNoIn(l, *c.Used)
		}
		rows = append(rows, r)
	}
	return rows
}

// notPointer refuses a pointer (or interface holding one) given to a
// template function, so a template that passes .Used (*bool) or
// .DistanceKm (*float64) fails loudly instead of reading "non-nil".
func notPointer(fn string, v any) error {
	if v == nil {
		return fmt.Errorf("%s: got nil; give the template a typed value", fn)
	}
	if k := reflect.TypeOf(v).Kind(); k == reflect.Pointer || k == reflect.Interface {
		return fmt.Errorf("%s: got %T; give the template a typed value, not a pointer", fn, v)
	}
	return nil
}

// yesNoIn is the template's yesno: a bool as "Yes" or "No" in l, refusing
// anything else.
func yesNoIn(l *i18n.Lang, v any) (string, error) {
	if err := notPointer("yesno", v); err != nil {
		return "", err
	}
	b, ok := v.(bool)
	if !ok {
		return "", fmt.Errorf("yesno: got %T, want bool", v)
	}
	if b {
		return l.T("common.yes"), nil
	}
	return l.T("common.no"), nil
}

// kmIn is the template's km: a distance as "0 km", "2.4 km", "12 km" in
// l, refusing pointers.
func kmIn(l *i18n.Lang, v any) (string, error) {
	if err := notPointer("km", v); err != nil {
		return "", err
	}
	f, ok := v.(float64)
	if !ok {
		return "", fmt.Errorf("km: got %T, want float64", v)
	}
	return l.Km(f), nil
}

// auditRow is one line of the privacy log in words a person understands.
type auditRow struct {
	When      time.Time
	Who, What string
	// Count is how many entries alike the row stands for (see
	// auditFoldWindow), First the oldest one's time; Times says both in
	// words when there were several ("22 times, from 15:02 to 15:06").
	Count int
	First time.Time
	Times string
}

// auditFoldWindow is the longest span one row of the privacy log covers.
// Every read is audited, one entry each (a moderator with the crisis
// queue open reads the item again at every reload), and the log keeps
// them all; the page shows entries alike (the same person, doing the same
// thing about the same person, with the same details) within an hour of
// the newest as one row that says how many there were and from when to
// when, so 22 reloads in four minutes read as one line, not 22.
const auditFoldWindow = time.Hour

// auditKey is what makes two entries alike for auditFoldWindow.
func auditKey(e app.AuditView) string {
	return strings.Join([]string{e.ActorID, e.SubjectID, e.Action, e.ReaderRole, strings.Join(e.Fields, ",")}, "\x00")
}

// An audited action is said in words by the catalog: "audit." and the
// action ("audit.profile_read"); actions whose name ends in a status or an
// action by a prefix's message ("audit.prefix.appeal" with the rest); the
// details a read covered by "audit.data." and the field. An entry the
// reader did about another person is said from the reader's side, naming
// that person: "audit.by_you." and the action or the prefix's message
// ("audit.by_you.prefix.appeal"), and details by "audit.their." when the
// reader's words differ ("the country they are in").

// auditPrefixes are the actions whose name ends in a status or an action,
// and the message that says them.
var auditPrefixes = []struct{ prefix, id string }{
	{"crisis_queue_verdict:", "prefix.crisis_queue_verdict"},
	{"crisis_queue_", "prefix.crisis_queue"},
	{"mentorship_", "prefix.mentorship"},
	{"moderation_", "prefix.moderation"},
	{"appeal_", "prefix.appeal"},
	{"resource_", "prefix.resource"},
	{"role_set:", "prefix.role_set"},
}

// auditKnown reports whether the catalog has id.
func auditKnown(id string) bool { return i18n.Load().Default().Has(id) }

// dataWord names a detail an audited read covered, in l; ok is false when
// the catalog has no words for it.
func dataWord(l *i18n.Lang, field string) (string, bool) {
	if !i18n.Load().Default().Has("audit.data." + field) {
		return "", false
	}
	return l.T("audit.data." + field), true
}

// words turns a code like "looking_for" into "looking for".
func words(code string) string {
	if w, ok := dataWord(i18n.Load().Default(), code); ok {
		return w
	}
	return strings.ReplaceAll(strings.ReplaceAll(code, "_", " "), "-", " ")
}

// auditRows puts the privacy log (newest first) in words in l, times in
// zone: who, and what they did or saw; raw identifiers in an entry's
// fields are left out. Entries alike within auditFoldWindow are one row.
func auditRows(l *i18n.Lang, zone *time.Location, es []app.AuditView) []auditRow {
	if zone == nil {
		zone = time.UTC
	}
	rows := make([]auditRow, 0, len(es))
	open := map[string]int{} // an entry's key: the newest row alike
	for _, e := range es {
		k := auditKey(e)
		if i, ok := open[k]; ok && rows[i].When.Sub(e.At.Time) <= auditFoldWindow {
			rows[i].Count++
			rows[i].First = e.At.Time
			continue
		}
		open[k] = len(rows)
		r := auditRow{When: e.At.Time, Who: e.ActorName, Count: 1, First: e.At.Time}
		switch {
		case e.ReaderRole == app.AuditActor || e.ReaderRole == app.AuditSelf:
			r.Who = l.T("audit.you")
		case e.ActorFormer:
			r.Who = upperFirst(l.T("audit.former_member"))
		case e.ActorID == "" || r.Who == "":
			r.Who = l.T("audit.operator")
		}
		theirs := e.ReaderRole == app.AuditActor
		r.What = auditWhat(l, e, theirs)
		var details []string
		for _, f := range e.Fields {
			if w, ok := dataWord(l, f); ok {
				if theirs && auditKnown("audit.their."+f) {
					w = l.T("audit.their." + f)
				}
				details = append(details, w)
			} else if model.HealthFields[f] {
				details = append(details, words(f))
			}
		}
		if len(details) > 0 {
			r.What = l.T("audit.what_details", "What", r.What, "Details", strings.Join(details, ", "))
		}
		rows = append(rows, r)
	}
	for i := range rows {
		if r := &rows[i]; r.Count > 1 {
			from, to := l.Clock(r.First.In(zone)), l.Clock(r.When.In(zone))
			if from == to {
				r.Times = l.T("privacy.times_at", "Count", r.Count, "Time", to)
			} else {
				r.Times = l.T("privacy.times", "Count", r.Count, "From", from, "To", to)
			}
		}
	}
	return rows
}

// auditWhat says an entry's action in l: about the reader, or, when theirs,
// what the reader did about the person the entry names.
func auditWhat(l *i18n.Lang, e app.AuditView, theirs bool) string {
	base, args := "audit.", []any{}
	if theirs {
		base, args = "audit.by_you.", []any{"Name", auditSubject(l, e)}
	}
	if auditKnown(base + e.Action) {
		return l.T(base+e.Action, args...)
	}
	for _, p := range auditPrefixes {
		if rest, found := strings.CutPrefix(e.Action, p.prefix); found {
			// A status or verdict in the reader's words ("resuelta", not "resolved").
			status := "audit.status." + strings.TrimRight(p.prefix, "_:") + "." + rest
			if w, ok := dataWord(l, rest); ok {
				rest = w
			} else if auditKnown(status) {
				rest = l.T(status)
			} else {
				rest = words(rest)
			}
			return l.T(base+p.id, append(args, "Rest", rest)...)
		}
	}
	if theirs {
		return l.T("audit.by_you.any", "What", words(e.Action), "Name", auditSubject(l, e))
	}
	return upperFirst(words(e.Action))
}

// auditSubject names the person an entry the reader did was about, as the
// reader may see them: "a former member" once erased, "someone" when hidden.
func auditSubject(l *i18n.Lang, e app.AuditView) string {
	switch {
	case e.SubjectFormer:
		return l.T("audit.former_member")
	case e.SubjectName == "":
		return l.T("audit.someone")
	}
	return e.SubjectName
}

// consentDataIn names what a consent covers as the member's own, joined as
// a person lists things in l: "your check-ins and your recovery time". A
// detail the catalog has no consent words for is named as the privacy log
// names it.
func consentDataIn(l *i18n.Lang, codes []string) string {
	var names []string
	for _, c := range codes {
		if i18n.Load().Default().Has("consents.data." + c) {
			names = append(names, l.T("consents.data."+c))
		} else if w, ok := dataWord(l, c); ok {
			names = append(names, w)
		} else {
			names = append(names, words(c))
		}
	}
	return listIn(l, names)
}

// listIn joins names as a sentence lists them in l: "a", "a and b",
// "a, b and c" (i18n's List).
func listIn(l *i18n.Lang, names []string) string { return l.List(names) }
