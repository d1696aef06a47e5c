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
//
// Rules are built from shared word lists (intent verbs, ways of dying,
// substances, quantities, body signs) rather than whole sentences, so new
// wording of a known idea still matches. Some phrases are only cues: weak
// alone ("tonight is the night", "he's pale", "I took something") but a
// crisis together ("I'm done. goodbye", "mixed pills and vodka, my heart is
// racing"); see combine.
//
// Check is what the app uses: the rules and a learned model together
// (model.go). The model reads hashed words, word pairs and letter runs of
// the same normalized text and catches the wording no rule lists; a long
// post is read in windows and scores as its highest window or its whole
// text. A small combiner per language (English or Spanish, guessed from
// the message's small words), calibrated on authors the model did not
// see, weighs it beside the rules' finding. The rules still name the
// categories and the evidence. Classify, the rules alone, stays for
// measuring them.
package safety

import (
	"fmt"
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
	// Score is Check's calibrated estimate, from 0 to 1, that the message
	// needs a response (concern or crisis). Classify, the rules alone,
	// leaves it 0.
	Score float64 `json:"score"`
	// sure is the highest severity a sure rule (rules_sure.go) kept; Check
	// gives at least its level.
	sure int
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
	return classifyTokens(toks)
}

// classifyTokens applies the rules to a tokenized message (at least one token).
func classifyTokens(toks []token) Result {
	res := Result{Level: None, Categories: []Category{}, Evidence: []string{}}
	toks = withoutEmoji(toks)
	if len(toks) == 0 {
		return res
	}
	sc := scan(toks)
	var cs cueState
	for _, m := range sc.signals {
		r := m.p.rule
		if !sc.keep(m, r) {
			continue
		}
		cs.note(r, m, toks)
		if r.sev == 0 {
			continue
		}
		sev := r.sev
		if r.flags&fJokeSoftens != 0 && sc.laugh[toks[m.start].sent] {
			sev = min(sev, jokingSeverity)
		}
		if sev > res.Severity {
			res.Severity = sev
		}
		if r.flags&fSure != 0 && sev > res.sure {
			res.sure = sev
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
	if ev := checkinUse(toks); ev != "" {
		res.Severity = max(res.Severity, checkinSeverity)
		res.sure = max(res.sure, checkinSeverity)
		if !slices.Contains(res.Categories, RecentUse) {
			res.Categories = append(res.Categories, RecentUse)
		}
		if len(res.Evidence) < maxEvidence {
			res.Evidence = append(res.Evidence, ev)
		}
	}
	combine(&res, sc, &cs)
	slices.Sort(res.Categories)
	res.Level = levelOf(res.Severity)
	return res
}

// cue is a weak sign that means little alone and much next to another.
type cue uint32

const (
	cDecide      cue = 1 << iota // a decision without an object: "tonight is the night", "ya lo decidí"
	cDone                        // "I'm done." at the end of a clause
	cFinal                       // wanting out: "I want out", "ya me quiero ir"
	cMeans                       // a means got ready: pills counted out, a blade at hand
	cPlace                       // the writer at a height: "I'm on the bridge"
	cJump                        // jumping: "thinking about jumping", "quiero saltar"
	cEnough                      // "should be enough"
	cIntake                      // a substance just taken, by anyone: "mixed xanax and vodka"
	cBodySelf                    // the writer's body in distress: "my heart is racing", "can't breathe"
	cOtherStrong                 // someone else unresponsive-like: "he's pale", "not moving", "está pálido"
	cOtherWeak                   // someone else hurt or sick: "throwing up", "hit his head", "blood"
	cUnresp                      // someone not answering or reacting: "he's not responding", "ya no contesta"
	cUrgent                      // a call for help: "help", "911", "ayuda"
	cThanks                      // thanks to the group: "thank you all", "gracias por todo"
	cAll                         // the writer took a whole supply: "took everything I had", "el resto del fenta"
	cPurpose                     // done on purpose: "on purpose", "a propósito"
	cWhen                        // a time just ahead: "tomorrow morning", "at dark", "cuando oscurezca"
	cThreat                      // someone says they will kill the writer: "he says he'll kill me", "dice que me va a matar"
	cHeld                        // someone keeps the writer in: "he locked me in", "no me deja salir"
	cHurting                     // someone hurting the writer as they write: "he's hitting me", "me está pegando"
	cChoke                       // someone choking or strangling the writer: "he strangled me", "me ahorcó"
	cArmed                       // someone with a weapon: "he has a knife", "tiene una pistola"
	cHere                        // the danger is here now: "right now", "he's still here", "ya viene"
	cFearHurt                    // the writer fears being hurt or killed: "scared he'll hurt me", "miedo de que me mate"
)

// cueState gathers the cues and signals a message kept.
type cueState struct {
	set      cue
	decides  int      // distinct decision phrases
	others   int      // distinct phrases about someone else's body
	distress bool     // a hopelessness signal was kept
	evidence []string // the cue phrases, shown when a combination fires
}

func (cs *cueState) note(r *rule, m match, toks []token) {
	switch r.cat {
	case Hopelessness:
		cs.distress = true
	case RecentUse:
		cs.set |= cIntake
	}
	c := m.p.cue
	if c == 0 {
		return
	}
	if c&cDecide != 0 {
		cs.decides++
	}
	if c&(cOtherStrong|cOtherWeak|cUnresp) != 0 {
		cs.others++
	}
	cs.set |= c
	if len(cs.evidence) < maxEvidence {
		ev := phrase(toks[m.start:m.end])
		if !slices.Contains(cs.evidence, ev) {
			cs.evidence = append(cs.evidence, ev)
		}
	}
}

func (cs *cueState) has(c cue) bool { return cs.set&c != 0 }

// dangerSigns counts the kinds of danger from another person the message
// names (see combine); a call for help counts as one.
func (cs *cueState) dangerSigns() int {
	n := 0
	for _, c := range []cue{cThreat, cHeld, cHurting, cChoke, cArmed, cHere, cFearHurt, cUrgent} {
		if cs.has(c) {
			n++
		}
	}
	return n
}

// combine raises the signals that only cues together make:
//
//   - an apology, love and a goodbye ("sorry everyone. i love you. bye"),
//     unless the goodbye is an everyday one;
//   - a decision, "I'm done", wanting out, a means made ready or a height,
//     each next to distress, a farewell or another of them ("I'm done.
//     goodbye", "tonight I'm going to finally do it. thank you all", "I'm on
//     the bridge. I'm sorry");
//   - a whole supply taken on purpose, with a farewell or distress, or
//     with a decision ("shot up everything I had, on purpose", "ya nada
//     importa, me tomé el resto del fenta");
//   - a height the writer is at, goes to or names without a rail, and a
//     time just ahead ("going off the bridge tomorrow morning", "el
//     puente no tiene barandal. vuelvo cuando oscurezca");
//   - danger from another person now: a threat to kill the writer, being
//     kept in, being hurt as they write or choked, each beside another
//     sign of danger (another of them, a weapon, the person here now or
//     on the way, the writer's fear of being hurt, a call for help): "he
//     has me locked in and he's threatening to kill me", "me tiene
//     encerrada y dice que me va a matar". One sign alone stays the
//     rules' concern ("my mom is gonna kill me if I'm late" matches
//     none; "he locked me in the bedroom" is a concern). It is sure:
//     Check gives at least a crisis;
//   - a substance just taken and a body in distress, the writer's or
//     someone else's ("did a shot and my chest is tight", "mezcló pastillas
//     con alcohol y ya no contesta");
//   - someone else unresponsive-like with a second sign or a call for help
//     ("he's pale and not moving"), or three signs of any strength ("he
//     fell, there's blood and he's not answering").
func combine(res *Result, sc *scanner, cs *cueState) {
	bye := sc.bye >= 0 && !sc.farewell && !sc.laugh[sc.toks[sc.bye].sent]
	farewell := sc.sorry || bye || sc.love || cs.has(cThanks)
	raise := func(cat Category, sev int, why string) {
		res.Severity = max(res.Severity, sev)
		if !slices.Contains(res.Categories, cat) {
			res.Categories = append(res.Categories, cat)
		}
		if cat == Overdose || cat == MedicalEmergency {
			res.Overdose = true
		}
		for _, ev := range append([]string{why}, cs.evidence...) {
			if len(res.Evidence) < maxEvidence && !slices.Contains(res.Evidence, ev) {
				res.Evidence = append(res.Evidence, ev)
			}
		}
	}
	if sc.sorry && sc.love && bye {
		raise(Suicidal, 4, "sorry + love + goodbye")
	}
	final := cDecide | cDone | cFinal | cMeans | cPlace
	switch {
	case cs.has(cDecide) && (cs.distress || farewell || cs.has(final&^cDecide) || cs.decides > 1):
		raise(Suicidal, 4, "decision + farewell or distress")
	case cs.has(cDone) && (cs.distress || sc.sorry || bye || cs.has(cFinal)):
		raise(Suicidal, 4, "done + farewell or distress")
	case cs.has(cFinal) && (cs.distress || sc.sorry):
		raise(Suicidal, 4, "wanting out + farewell or distress")
	case cs.has(cPlace) && (cs.has(cJump) || farewell || cs.distress):
		raise(Suicidal, 4, "at a height + jumping, farewell or distress")
	case cs.has(cMeans) && (cs.has(cEnough|cDecide|cDone) || farewell || cs.distress):
		raise(Suicidal, 4, "means ready + farewell or distress")
	}
	if cs.has(cAll) && (cs.has(cPurpose|cDecide|cDone|cFinal|cEnough) || farewell || cs.distress) {
		raise(Overdose, 5, "everything taken + on purpose, farewell or distress")
	}
	if cs.has(cPlace) && cs.has(cWhen) {
		raise(Suicidal, 4, "a height + a time ahead")
	}
	if n := cs.dangerSigns(); n >= 2 && cs.has(cThreat|cHeld|cHurting|cChoke) {
		raise(UnsafeSituation, 4, "danger from another person now")
		res.sure = max(res.sure, 4)
	}
	if cs.has(cIntake) && cs.has(cBodySelf|cOtherStrong|cUnresp) {
		raise(Overdose, 5, "substance taken + body in distress")
		raise(MedicalEmergency, 5, "substance taken + body in distress")
	}
	if cs.has(cOtherStrong) && (cs.others > 1 || cs.has(cUrgent)) || cs.others > 2 {
		raise(MedicalEmergency, 5, "someone unresponsive + another sign")
	}
	// A medical emergency after a substance is an overdose too.
	if slices.Contains(res.Categories, MedicalEmergency) && cs.has(cIntake) {
		raise(Overdose, 5, "medical emergency + substance taken")
	}
	// An overdose with someone unresponsive-like is a medical emergency too.
	if slices.Contains(res.Categories, Overdose) && cs.has(cOtherStrong|cUnresp) {
		raise(MedicalEmergency, 5, "overdose + someone unresponsive")
	}
}

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
	// fPastForm: the phrase is in the past tense ("I wanted to die"); it
	// counts only when the message also speaks of now or of last night.
	fPastForm
	// fNoStory: a later "now" does not make it a recovery story; "he used
	// and now he's snoring" is an emergency, not "I used to, but now".
	fNoStory
	// fJokeSoftens: laughter in the same sentence lowers it to a concern
	// instead of cancelling it. For a wish to die: "i want to die lol" is
	// usually a joke, but a gentle check-in costs little and a missed
	// cry for help costs much.
	fJokeSoftens
	// fSure: the phrasing is precise enough that Check gives at least the
	// rule's level whatever the model scores (rules_sure.go).
	fSure
	// fAsked: talk about a subject ("if someone ...", "pregunta") does
	// not cancel it; the phrase is itself the question (a lethal dose).
	fAsked
)

// jokingSeverity is the severity of a softened signal said laughing.
const jokingSeverity = 2

// rule is one kind of signal and the patterns that find it.
type rule struct {
	cat   Category
	sev   int // 0 for a cue: it counts only through combine
	flags ruleFlag
	pats  []string
}

// cueRule is a rule whose matches are cues (see combine); sev must be 0.
type cueRule struct {
	cat   Category
	sev   int
	flags ruleFlag
	pats  []string
	cue   cue
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
	copes       = map[string]bool{}
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
	copes       []string // after a "but", say a concern is being coped with: "but the group helps"
}

func init() {
	for _, set := range [][]cueRule{cuesEN, cuesES} {
		for i := range set {
			c := &set[i]
			if c.sev != 0 || c.cue == 0 {
				panic(fmt.Sprintf("safety: cue rule %v needs severity 0 and a cue", c.pats))
			}
			r := &rule{cat: c.cat, flags: c.flags}
			for _, src := range c.pats {
				p := compile(src, kSignal, r)
				p.cue = c.cue
				ix.add(p)
			}
		}
	}
	for _, set := range [][]rule{rulesEN, rulesES, rulesSure} {
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
		addWords(copes, lx.copes)
	}
}

func addWords(m map[string]bool, words []string) {
	for _, w := range words {
		m[foldRuleWord(w)] = true
	}
}

// withoutEmoji returns toks without the emoji read as words: the rules
// are written for words, and an emoji between two must not part them.
// It copies only when there is one.
func withoutEmoji(toks []token) []token {
	i := slices.IndexFunc(toks, func(t token) bool { return t.emoji })
	if i < 0 {
		return toks
	}
	out := slices.Clone(toks[:i])
	for _, t := range toks[i+1:] {
		if !t.emoji {
			out = append(out, t)
		}
	}
	return out
}
