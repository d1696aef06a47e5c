package web

import (
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/match"
)

// Matching explains a suggestion or a cohort's pairs with codes
// (match.Reason, match.Cause); these functions word them in the reader's
// language from the catalog (match.reason.*, match.family.*, …,
// cohort.cause.*), as the API words them in English.

// reasonIn words one thing a mentee and mentor share in l: "also a single
// parent", "libre entre semana por la noche en tu zona horaria".
func reasonIn(l *i18n.Lang, r match.Reason) string {
	has := i18n.Load().Default().Has
	switch r.Kind {
	case "age", "faith", "spirituality", "secular":
		return l.T("match.reason." + r.Kind)
	case "family-similar":
		return l.T("match.reason.family_similar")
	case "family":
		if id := codeID("match.family.", r.Term); has(id) {
			return l.T(id)
		}
		return l.T("match.reason.family_similar")
	case "pathway":
		if id := codeID("match.pathway.", r.Term); has(id) {
			return l.T(id)
		}
		return l.T("match.reason.pathway", "Pathway", namedCode(l, "profile.pathway.", r.Term))
	case "circumstance":
		if id := codeID("match.circ.", r.Term); has(id) {
			return l.T(id)
		}
		return l.T("match.reason.circumstance", "Circumstance", namedCode(l, "profile.circ.", r.Term))
	case "substance":
		return l.T("match.reason.substance", "Substance", strings.ReplaceAll(r.Term, "-", " "))
	case "language":
		return l.T("match.reason.language", "Language", languageNameIn(l, r.Term))
	case "free":
		return l.T("match.reason.free", "When", freeIn(l, r))
	}
	return r.Text()
}

// reasonsIn words a pair's reasons in l, one after another.
func reasonsIn(l *i18n.Lang, rs []match.Reason) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = reasonIn(l, r)
	}
	return strings.Join(out, "; ")
}

// namedCode is a stored code's name in l under prefix, else the code.
func namedCode(l *i18n.Lang, prefix, code string) string {
	if id := codeID(prefix, code); i18n.Load().Default().Has(id) {
		return l.T(id)
	}
	return strings.ReplaceAll(code, "-", " ")
}

// languageNameIn names a language code in l as CLDR does ("Spanish",
// "español"), else as the code.
func languageNameIn(l *i18n.Lang, code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Languages(language.Make(l.Code)).Name(tag); n != "" {
		return n
	}
	return code
}

// spokenCode is a language written as its two-letter code, with or
// without a region ("es", "EN", "es-MX"): a longer word ("Spanish",
// "ASL") is a name the person wrote, kept as they wrote it.
var spokenCode = regexp.MustCompile(`^[A-Za-z]{2}(?:[-_][A-Za-z]{2}|[-_]\d{3})?$`)

// spokenIn lists the languages a person speaks as their profile holds
// them, each written as a code named in l ("es" is "Spanish", "español"),
// the others as they wrote them.
func spokenIn(l *i18n.Lang, langs []string) string {
	out := make([]string, len(langs))
	for i, s := range langs {
		out[i] = s
		if spokenCode.MatchString(strings.TrimSpace(s)) {
			out[i] = languageNameIn(l, strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
		}
	}
	return strings.Join(out, ", ")
}

// partIDs name the parts of the day match counts, in its order.
var partIDs = [4]string{"match.part.morning", "match.part.afternoon", "match.part.evening", "match.part.night"}

// freeIn words the day-parts a pair is free at together.
func freeIn(l *i18n.Lang, r match.Reason) string {
	spans, more := r.Spans()
	phrases := make([]string, len(spans))
	for i, s := range spans {
		part := l.T(partIDs[s.Part])
		switch {
		case s.All:
			phrases[i] = l.T("match.when.all_week", "Part", part)
		case s.Week:
			phrases[i] = l.T("match.when.weekdays", "Part", part)
		case s.End:
			phrases[i] = l.T("match.when.weekend", "Part", part)
		default:
			days := make([]string, len(s.Days))
			for j, d := range s.Days {
				days[j] = l.WeekdayLong(time.Weekday((d + 1) % 7)) // match counts from Monday
			}
			list := days[len(days)-1]
			if len(days) > 1 {
				list = l.T("match.and", "A", strings.Join(days[:len(days)-1], ", "), "B", list)
			}
			phrases[i] = l.T("match.when.days", "Days", list, "Part", part)
		}
	}
	switch {
	case more:
		return l.T("match.and_more", "A", phrases[0], "B", phrases[1])
	case len(phrases) == 2:
		return l.T("match.and", "A", phrases[0], "B", phrases[1])
	case len(phrases) == 1:
		return phrases[0]
	}
	return ""
}

// causeIn words why a cohort's mentee was left without a mentor, in l.
func causeIn(l *i18n.Lang, c match.Cause) string {
	names := match.ConstraintNames()
	switch c.Kind {
	case "mixed":
		var parts []string
		for _, k := range []int{2, 3, 4, 5, 0, 1} { // language, gender, pathway, availability, blocked, capacity
			if c.RuledOut[k] > 0 {
				parts = append(parts, l.T("cohort.ruled_out."+names[k], "Count", l.Int(c.RuledOut[k])))
			}
		}
		return l.T("cohort.cause.mixed", "Counts", strings.Join(parts, ", "))
	case "mentor_gender":
		return l.T("cohort.cause.mentor_gender", "Gender", c.Gender)
	}
	id := "cohort.cause." + strings.ReplaceAll(c.Kind, "-", "_")
	if i18n.Load().Default().Has(id) {
		return l.T(id)
	}
	return c.Kind
}

// heldSigns names, in l, the signs Kinship found in something it held as
// looking like selling: its reason reads "held for review: looks like
// selling or off-platform contact (delivery, a phone number)", and a
// moderator reading Spanish read it so (walk11 W11-5). The words found in
// the text stay as written, in quotes; the kinds of sign are named in l.
func heldSigns(l *i18n.Lang, details string) string {
	i, j := strings.IndexByte(details, '('), strings.LastIndexByte(details, ')')
	if i < 0 || j < i {
		return ""
	}
	var out []string
	for _, s := range strings.Split(details[i+1:j], ", ") {
		switch s {
		case "a phone number":
			out = append(out, l.T("moderation_queue.sign_phone"))
		case "a substance at a price":
			out = append(out, l.T("moderation_queue.sign_price"))
		default:
			out = append(out, "“"+s+"”")
		}
	}
	return strings.Join(out, ", ")
}
