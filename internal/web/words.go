package web

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// Words a person reads in place of the codes the app stores, in the
// viewer's language: each code's words are a catalog message under a
// prefix ("thing.post"). A code the catalog has no words for is shown with
// its underscores turned to spaces, never raw.

// roleName names a role in l: "site admin" for site_admin.
func roleName(l *i18n.Lang, role string) string { return codeWords(l, "role.", role) }

// urgency says in l how urgent a severity from 1 to 5 is.
func urgency(l *i18n.Lang, severity int) string {
	switch {
	case severity >= 5:
		return l.T("urgency.most")
	case severity == 4:
		return l.T("urgency.urgent")
	case severity == 3:
		return l.T("urgency.serious")
	case severity == 2:
		return l.T("urgency.less")
	}
	return l.T("urgency.least")
}

// thing names in l what a report or a flag is about: "a post". The
// catalog's "thing." messages name message, post, comment, resource, user,
// and where the safety check read something: chat, dm, checkin_note, bio,
// group, feedback.
func thing(l *i18n.Lang, kind string) string { return codeWords(l, "thing.", kind) }

// moderatorDid says in l what a moderator did to someone's content: "A
// moderator removed one of your posts". The catalog's "moderated."
// messages are the actions (hide, remove, warn, suspend, ban) and
// "your_thing." the content (message, post, comment, resource, user).
func moderatorDid(l *i18n.Lang, action, targetType string) string {
	what := codeWords(l, "your_thing.", targetType)
	if id := codeID("moderated.", action); i18n.Load().Default().Has(id) {
		return l.T(id, "What", what)
	}
	return l.T("moderated.other_action", "What", what)
}

// reportReason names in l the reason a report gives: "Selling drugs".
func reportReason(l *i18n.Lang, code string) string {
	for _, o := range reportReasons {
		if o.Value == code {
			return l.T(o.Label)
		}
	}
	return strings.ReplaceAll(code, "_", " ")
}

// risks names in l the kinds of risk found: "thoughts of suicide,
// overdose". The catalog's "risk." messages are suicidal, self_harm,
// overdose, medical_emergency, hopelessness, craving, recent_use,
// unsafe_situation and flagged.
func risks(l *i18n.Lang, cats []string) string {
	out := make([]string, len(cats))
	for i, c := range cats {
		out[i] = codeWords(l, "risk.", c)
	}
	return strings.Join(out, ", ")
}

// codeWords is the catalog's words for code under prefix in l, else the
// code with its underscores turned to spaces.
func codeWords(l *i18n.Lang, prefix, code string) string {
	if id := codeID(prefix, code); i18n.Load().Default().Has(id) {
		return l.T(id)
	}
	return strings.ReplaceAll(code, "_", " ")
}

// crisisStatus says in l where a crisis item stands and, once a moderator
// has handled it, who: "acknowledged by Sam", or "acknowledged by you" to
// the moderator who did. The catalog's "crisis_queue.status.",
// "crisis_queue.status_by." and "crisis_queue.status_by_you." messages
// name open, acknowledged and resolved.
func crisisStatus(l *i18n.Lang, f app.FlagView) string {
	if id := codeID("crisis_queue.status_by_you.", f.Status); f.HandledByYou && i18n.Load().Default().Has(id) {
		return l.T(id)
	}
	if id := codeID("crisis_queue.status_by.", f.Status); f.HandledBy != "" && i18n.Load().Default().Has(id) {
		return tNamed(l, id, "Name", f.HandledBy)
	}
	return codeWords(l, "crisis_queue.status.", f.Status)
}

// crisisVerdict says in l whether the safety check was judged right about
// a crisis item, and by whom: "You marked the check right." to the
// moderator who did, "Sam marked this not a crisis." to the others, and
// the question the verdict buttons answer while none was given.
func crisisVerdict(l *i18n.Lang, f app.FlagView) string {
	ids, ok := verdictWords[f.Verdict]
	switch {
	case !ok:
		return l.T("crisis_queue.was_it_right")
	case f.VerdictByYou:
		return l.T(ids.you)
	case f.VerdictBy != "":
		return upperFirst(tNamed(l, ids.by, "Name", f.VerdictBy))
	}
	return l.T(ids.anyone)
}

// verdictWords are the catalog's words for each verdict on a crisis item:
// given by the reader, by a moderator named, by a moderator unknown.
var verdictWords = map[string]struct{ you, by, anyone string }{
	app.FlagRight:     {"crisis_queue.marked_right_you", "crisis_queue.marked_right_by", "crisis_queue.marked_right"},
	app.FlagNotCrisis: {"crisis_queue.marked_not_crisis_you", "crisis_queue.marked_not_crisis_by", "crisis_queue.marked_not_crisis"},
}

// crisisEarlier says in l, times in zone, what moderators decided on a
// crisis item's earlier flag and how the item was raised again: "Marked
// not a crisis by Sam at Saturday 5 December, 14:05; reported again by a
// member.", "by you" to Sam. Empty when the item has no earlier flag.
func crisisEarlier(l *i18n.Lang, now time.Time, zone *time.Location, f app.FlagView) string {
	e := f.Earlier
	if e == nil {
		return ""
	}
	var parts []string
	if id := codeID("crisis_queue.earlier.", e.Verdict); e.VerdictAt != nil && i18n.Load().Default().Has(id) {
		if you := codeID("crisis_queue.earlier_you.", e.Verdict); e.VerdictByYou && i18n.Load().Default().Has(you) {
			id = you
		}
		parts = append(parts, tNamed(l, id, "Name", e.VerdictBy, "When", l.When(e.VerdictAt.Time, zone, now)))
	}
	if e.ResolvedAt != nil {
		id := "crisis_queue.earlier.resolved"
		if e.ResolvedByYou {
			id = "crisis_queue.earlier_you.resolved"
		}
		parts = append(parts, tNamed(l, id, "Name", e.ResolvedBy, "When", l.When(e.ResolvedAt.Time, zone, now)))
	}
	if e.Note != "" {
		parts = append(parts, l.T("crisis_queue.earlier.note", "Note", e.Note))
	}
	if f.Source == "report" {
		parts = append(parts, l.T("crisis_queue.earlier.reported_again"))
	} else {
		parts = append(parts, l.T("crisis_queue.earlier.written_again"))
	}
	s := strings.Join(parts, "; ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:] + "."
}

// suppressed writes in l a count the app may have held back so that no
// one can be singled out: a number as it is, or the app's "fewer than
// 11", "all but fewer than 11" and "not shown, …" in words.
func suppressed(l *i18n.Lang, count string) string {
	switch {
	case strings.HasPrefix(count, "fewer than "):
		return l.T("org.fewer_than", "Limit", strings.TrimPrefix(count, "fewer than "))
	case strings.HasPrefix(count, "all but fewer than "):
		return l.T("org.all_but_fewer_than", "Limit", strings.TrimPrefix(count, "all but fewer than "))
	case strings.HasPrefix(count, "not shown"):
		return l.T("org.not_shown")
	}
	if n, err := strconv.Atoi(count); err == nil { // a count shown: grouped as l writes numbers
		return l.Int(n)
	}
	return count
}
