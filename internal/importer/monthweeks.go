package importer

import (
	"regexp"
	"strings"
	"time"
)

// The Meeting Guide spec gives a meeting a weekday and a time, and no rule
// for meetings held on some weeks of the month only. Groups say so in
// words, in the name ("Steps 1-8 Workshop (2nd Sat)") or the notes ("2nd
// Saturday", "Only on 3rd Saturday of each month", "No meeting 2nd Thursday
// of the month", "We meet every other Sunday"). MonthWeeks reads them.

// MonthWeeks is which weeks of the month a meeting is held, as its feed's
// words say.
type MonthWeeks struct {
	// Weeks are the weeks of the month (1 to 5, -1 for the last) the
	// meeting is held on its weekday, or, with Except, the weeks it is
	// not; empty when the words do not say which ("every other Sunday").
	Weeks  []int `json:"weeks,omitempty" doc:"the weeks of the month (1 to 5, -1 for the last) the meeting is held on its weekday or, with except, is not; absent when the feed's words do not say which (every other week)"`
	Except bool  `json:"except,omitempty" doc:"weeks are the ones the meeting is not held (it is held every other week of the month)"`
	// Words are the feed's own words that say it ("2nd Saturday").
	Words string `json:"words" doc:"the feed's own words that say it, as written (\"2nd Saturday\", \"every other Sunday\")"`
}

var (
	ordinalWords = map[string]int{"1st": 1, "first": 1, "primer": 1, "primero": 1, "primera": 1,
		"2nd": 2, "second": 2, "segundo": 2, "segunda": 2, "3rd": 3, "third": 3, "tercer": 3, "tercero": 3, "tercera": 3,
		"4th": 4, "fourth": 4, "cuarto": 4, "cuarta": 4, "5th": 5, "fifth": 5, "quinto": 5, "quinta": 5,
		"last": -1, "último": -1, "ultimo": -1, "última": -1, "ultima": -1}
	weekdayWords = []struct {
		re  string
		day time.Weekday
	}{
		{`sun(?:day)?|domingos?`, time.Sunday}, {`mon(?:day)?|lunes`, time.Monday},
		{`tue(?:s|sday)?|martes`, time.Tuesday}, {`wed(?:nesday)?|mi[eé]rcoles`, time.Wednesday},
		{`thu(?:r|rs|rsday)?|jueves`, time.Thursday}, {`fri(?:day)?|viernes`, time.Friday},
		{`sat(?:urday)?|s[aá]bados?`, time.Saturday},
	}
	ordinalRE = `1st|2nd|3rd|4th|5th|first|second|third|fourth|fifth|last|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|[uú]ltim[oa]`
	// A list of ordinals and a weekday: "2nd Sat", "1st & 3rd Friday", "primer sábado".
	weeksPhrase = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])((?:` + ordinalRE + `)(?:\s*(?:,|&|and|y|or|o)\s*(?:` + ordinalRE + `))*\s+(` +
		weekdayAlternation() + `))(?:[^\p{L}\p{N}]|$)`)
	ordinalOne = regexp.MustCompile(`(?i)` + ordinalRE)
	everyOther = regexp.MustCompile(`(?i)\b(every other (?:week|` + weekdayAlternation() + `)|bi-?weekly|cada dos semanas|cada quince días)\b`)
	onlyWord   = regexp.MustCompile(`(?i)\b(only|solo|sólo|solamente|únicamente)\b`)
	noMeeting  = regexp.MustCompile(`(?i)\b(no meeting|no hay reuni[oó]n|no se re[uú]ne)\b`)
	variation  = regexp.MustCompile(`(?i)\b(open|closed|birthdays?|chips?|speaker|business|celebrat\w*|anniversar\w*|abierta|cumplea[ñn]os)\b`)
	// A sentence ends at a stop before a capital ("Last Sat. has chips" is one).
	sentenceStop = regexp.MustCompile(`[.;!?]\s+[\p{Lu}¿¡]|\n`)
	meetsLead    = regexp.MustCompile(`(?i)^\s*(meets|we meet|this meeting (?:is held|meets)|se re[uú]ne)\b`)
	// Words that may stand around the phrase in a note that says nothing else.
	filler = regexp.MustCompile(`(?i)\b(of|the|each|every|month|monthly|on|meets|meeting|is|held|de|cada|mes|del|el|los|se|reúne)\b|[^\p{L}\p{N}]+`)
)

func weekdayAlternation() string {
	var parts []string
	for _, w := range weekdayWords {
		parts = append(parts, w.re)
	}
	return strings.Join(parts, "|")
}

// weekdayExact matches a whole word naming each weekday, in weekdayWords' order.
var weekdayExact = func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, w := range weekdayWords {
		out = append(out, regexp.MustCompile(`(?i)^(?:`+w.re+`)\.?$`))
	}
	return out
}()

// weekdayOf is the weekday a word names.
func weekdayOf(word string) (time.Weekday, bool) {
	for i, re := range weekdayExact {
		if re.MatchString(word) {
			return weekdayWords[i].day, true
		}
	}
	return 0, false
}

// ReadMonthWeeks reads from a meeting's name and notes whether it is held on
// some weeks of the month only (or every week but some) on its weekday day;
// ok is false when the words say nothing of it, or speak of a change on
// some weeks to a meeting held every week ("Last Sat. has chips", "Open
// meeting last Monday of the month").
func ReadMonthWeeks(name, notes string, day time.Weekday) (MonthWeeks, bool) {
	if w, ok := weeksIn(name, day); ok {
		return MonthWeeks{Weeks: w.Weeks, Words: w.Words}, true
	}
	for _, s := range sentences(notes) {
		w, ok := weeksIn(s, day)
		if !ok {
			continue
		}
		rest := filler.ReplaceAllString(strings.Replace(s, w.Words, "", 1), "")
		switch {
		case noMeeting.MatchString(s):
			return MonthWeeks{Weeks: w.Weeks, Except: true, Words: strings.TrimSpace(s)}, true
		case rest == "" || (onlyWord.MatchString(s) || meetsLead.MatchString(s)) && !variation.MatchString(s):
			return w, true
		}
	}
	for _, s := range []string{name, notes} {
		if m := everyOther.FindString(s); m != "" {
			return MonthWeeks{Words: m}, true
		}
	}
	return MonthWeeks{}, false
}

// sentences cuts notes at the end of each sentence.
func sentences(notes string) []string {
	var out []string
	for {
		loc := sentenceStop.FindStringIndex(notes)
		if loc == nil {
			return append(out, notes)
		}
		cut := loc[0] + 1
		out = append(out, notes[:cut])
		notes = strings.TrimLeft(notes[cut:], " \t\n")
	}
}

// weeksIn finds a phrase in s naming weeks of the month and weekday day.
func weeksIn(s string, day time.Weekday) (MonthWeeks, bool) {
	for _, m := range weeksPhrase.FindAllStringSubmatch(s, -1) {
		if d, ok := weekdayOf(m[2]); !ok || d != day {
			continue
		}
		var weeks []int
		for _, o := range ordinalOne.FindAllString(m[1][:len(m[1])-len(m[2])], -1) {
			weeks = append(weeks, ordinalWords[strings.ToLower(o)])
		}
		return MonthWeeks{Weeks: weeks, Words: m[1]}, true
	}
	return MonthWeeks{}, false
}

// Held reports whether the meeting is held on date d (its weekday, in its
// own zone); sure is false when the words do not say which weeks.
func (w MonthWeeks) Held(d time.Time) (held, sure bool) {
	if len(w.Weeks) == 0 {
		return true, false
	}
	week, last := (d.Day()-1)/7+1, d.AddDate(0, 0, 7).Month() != d.Month()
	in := false
	for _, x := range w.Weeks {
		in = in || x == week || x == -1 && last
	}
	return in != w.Except, true
}
