// Package safety spots crisis language in peer-support messages so a
// moderator (and the app) can respond first to the people at most risk.
//
// Classify is a rule-based, pure function: it folds the text (accents,
// look-alike letters, zero-width characters, stretched letters, digits
// used as letters), splits it into sentences and clauses, matches short
// word patterns in English and Spanish, and discards matches that are
// negated ("I'm not going to hurt myself"), in the distant past ("two years
// ago I wanted to die"), about a topic ("the article on overdose rates"),
// about someone else when only the writer's own state counts, or part of
// an idiom ("this commute is killing me"). It errs toward raising concern:
// a missed crisis costs more than a moderator's glance.
package safety

import (
	"slices"
	"strings"
)

// Level is how urgently a message needs a response.
type Level string

// Levels, from least to most urgent.
const (
	None    Level = "none"    // nothing found
	Concern Level = "concern" // elevated risk: hopelessness, cravings, recent use, an unsafe situation
	Crisis  Level = "crisis"  // risk to life now: suicidal intent or plan, self-harm, overdose or medical emergency
)

// Category names a kind of risk found in a message.
type Category string

// Categories Classify reports.
const (
	Suicidal         Category = "suicidal"
	SelfHarm         Category = "self_harm"
	Overdose         Category = "overdose"
	MedicalEmergency Category = "medical_emergency"
	Hopelessness     Category = "hopelessness"
	Craving          Category = "craving"
	RecentUse        Category = "recent_use"
	UnsafeSituation  Category = "unsafe_situation"
)

// Result is what Classify found in one message.
type Result struct {
	Level      Level      `json:"level"`
	Categories []Category `json:"categories"` // sorted, unique, empty (non-nil) when None
	Evidence   []string   `json:"evidence"`   // the matched phrases, normalized, for moderators
	// Overdose is true when an overdose or medical emergency is described
	// ("he's not breathing"), so the UI shows the emergency number and
	// naloxone steps first.
	Overdose bool `json:"overdose"`
	Severity int  `json:"severity"` // 0 none, 1..3 concern, 4..5 crisis; ranks a moderators' queue
}

// maxEvidence caps how many phrases a result carries.
const maxEvidence = 16

// Classify reads one message and reports the most urgent risk it
// describes. lang ("en", "es", "" or anything else) is only a hint: both
// rule sets always run, because people mix languages in one message.
// Empty text gives None. Work is linear in the length of the text.
func Classify(text, lang string) Result {
	_ = lang
	res := Result{Level: None, Categories: []Category{}, Evidence: []string{}}
	if strings.TrimSpace(text) == "" {
		return res
	}
	toks := tokenize(normalize(text))
	if len(toks) == 0 {
		return res
	}
	sc := scan(toks)
	for _, m := range sc.signals {
		r := m.p.rule
		if !sc.keep(m, r) {
			continue
		}
		if r.sev > res.Severity {
			res.Severity = r.sev
		}
		if !slices.Contains(res.Categories, r.cat) {
			res.Categories = append(res.Categories, r.cat)
		}
		if r.flags&fOverdose != 0 {
			res.Overdose = true
		}
		if len(res.Evidence) < maxEvidence {
			ev := phrase(toks[m.start:m.end])
			if !slices.Contains(res.Evidence, ev) {
				res.Evidence = append(res.Evidence, ev)
			}
		}
	}
	// An apology, love and a goodbye together read as a farewell note
	// ("sorry everyone. i love you. bye"), unless it is an everyday goodbye.
	if sc.sorry && sc.love && sc.bye >= 0 && !sc.farewell && !sc.laugh[toks[sc.bye].sent] {
		res.Severity = max(res.Severity, farewellNote.sev)
		if !slices.Contains(res.Categories, farewellNote.cat) {
			res.Categories = append(res.Categories, farewellNote.cat)
		}
		if len(res.Evidence) < maxEvidence {
			res.Evidence = append(res.Evidence, "sorry + love + goodbye")
		}
	}
	slices.Sort(res.Categories)
	res.Level = levelOf(res.Severity)
	return res
}

// farewellNote is the signal raised by an apology, love and a goodbye in
// one message.
var farewellNote = rule{cat: Suicidal, sev: 4}

// Rank returns the result's severity, for sorting a moderators' queue.
func Rank(r Result) int { return r.Severity }

func levelOf(sev int) Level {
	switch {
	case sev >= 4:
		return Crisis
	case sev >= 1:
		return Concern
	}
	return None
}

func phrase(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.s)
	}
	return b.String()
}

// ruleFlag changes how a rule's matches are judged.
type ruleFlag uint16

const (
	// fSelf: the rule is about the writer; a third person as subject
	// ("my sponsee relapsed") cancels it.
	fSelf ruleFlag = 1 << iota
	// fPostNeg: words just after the match can resolve it ("cravings are gone").
	fPostNeg
	// fOverdose: the match describes an overdose or medical emergency.
	fOverdose
	// fFarewell: an everyday goodbye elsewhere in the message cancels it.
	fFarewell
	// fNoPast: past-time markers do not cancel it (the phrase is itself about now).
	fNoPast
	// fNotWriter: the phrase is about someone else; "I" just before it
	// ("I didn't wake up until noon") cancels it.
	fNotWriter
	// fJoke: laughter in the same sentence cancels it ("ese chiste me mató jaja").
	fJoke
)

// rule is one kind of signal and the patterns that find it.
type rule struct {
	cat   Category
	sev   int
	flags ruleFlag
	pats  []string
}

// markerSet is a group of context patterns of one kind.
type markerSet struct {
	kind kind
	pats []string
}

// The compiled rules. Built once in init and only read afterwards.
var (
	ix          = newIndex()
	negators    = map[string]bool{}
	negStops    = map[string]bool{}
	intensifier = map[string]bool{}
	others      = map[string]bool{}
	firstPerson = map[string]bool{}
	resolved    = map[string]bool{}
	pastVerbs   = map[string]bool{}
)

// lexicon is a language's word lists.
type lexicon struct {
	negators    []string // words that negate what follows: "not", "never", "no"
	negStops    []string // words a negation does not reach across: "but", "pero"
	intensifier []string // after a negator, turn it into emphasis: "can't stop"
	others      []string // someone other than the writer: "he", "my sponsor"
	firstPerson []string // the writer: "i", "yo"
	resolved    []string // after a craving or hopelessness phrase, says it passed
	pastVerbs   []string // past-tense verbs that make a later "but now" a recovery story
}

func init() {
	for _, set := range [][]rule{rulesEN, rulesES} {
		for i := range set {
			r := &set[i]
			for _, src := range r.pats {
				ix.add(compile(src, kSignal, r))
			}
		}
	}
	for _, set := range [][]markerSet{markersEN, markersES, markersShared} {
		for _, m := range set {
			for _, src := range m.pats {
				ix.add(compile(src, m.kind, nil))
			}
		}
	}
	for _, lx := range []lexicon{lexiconEN, lexiconES} {
		addWords(negators, lx.negators)
		addWords(negStops, lx.negStops)
		addWords(intensifier, lx.intensifier)
		addWords(others, lx.others)
		addWords(firstPerson, lx.firstPerson)
		addWords(resolved, lx.resolved)
		addWords(pastVerbs, lx.pastVerbs)
	}
}

func addWords(m map[string]bool, words []string) {
	for _, w := range words {
		m[foldRuleWord(w)] = true
	}
}
