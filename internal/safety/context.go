package safety

// Token flags set by the context markers.
const (
	tPast      uint8 = 1 << iota // inside a distant-past span
	tTopic                       // inside a talk-about-a-subject span
	tIdiom                       // inside a figure of speech
	tPresent                     // part of a "now" marker
	tPastMark                    // a past marker starts here
	tTopicMark                   // a topic marker starts here
	tContrast                    // part of a "but" or "now": ends a topic span
)

// Look-back and look-ahead windows, in words within one clause.
const (
	negWindow      = 5
	otherWindow    = 4
	resolvedWindow = 4
	pastVerbWindow = 3
	copeWindow     = 12
)

// prefilter skips patterns whose required words are absent from the
// message; tests turn it off to check it never changes a result.
var prefilter = true

type match struct {
	start, end int
	p          *pattern
}

// scanner holds one message's tokens and what the patterns found in them.
type scanner struct {
	toks        []token
	flags       []uint8
	signals     []match
	farewell    bool    // an everyday goodbye appears somewhere
	sorry, love bool    // an apology or love to the group appears somewhere
	bye         int     // token where a bare goodbye starts, or -1
	laugh       []bool  // by sentence: laughter ("jaja", "lol")
	recent      []bool  // by sentence: a "last night" marker appears
	lastPresent []int32 // by sentence: start of the last "now" marker, or -1
	now         bool    // a "today", "still" or "last night" marker appears somewhere
}

// scan runs every pattern at every token once (candidates come from the
// index by first word, and each match is bounded), then spreads the past
// and topic markers over the words they govern. Linear in len(toks).
func scan(toks []token) *scanner {
	n := len(toks)
	nsent := int(toks[n-1].sent) + 1
	s := &scanner{
		toks:        toks,
		flags:       make([]uint8, n),
		recent:      make([]bool, nsent),
		lastPresent: make([]int32, nsent),
		laugh:       make([]bool, nsent),
		bye:         -1,
	}
	for i := range s.lastPresent {
		s.lastPresent[i] = -1
	}
	var words bloom
	for i := range toks {
		words.add(toks[i].s)
		if toks[i].alt != "" {
			words.add(toks[i].alt)
		}
	}
	var buf [3][]*pattern
	lim := 0
	for i := range toks {
		t := &toks[i]
		if i >= lim {
			lim = i + 1
			for lim < n && toks[lim].clause == t.clause {
				lim++
			}
		}
		k := ix.candidates(t, &buf)
		for _, ps := range buf[:k] {
			for _, p := range ps {
				if prefilter && !p.viable(&words) {
					continue
				}
				if end := p.matchAt(toks, i, lim, 0); end >= 0 {
					s.mark(p, i, end)
				}
			}
		}
	}
	s.spread()
	return s
}

func (s *scanner) mark(p *pattern, start, end int) {
	switch p.kind {
	case kSignal:
		s.signals = append(s.signals, match{start, end, p})
	case kPast:
		s.flags[start] |= tPastMark
	case kTopic:
		s.flags[start] |= tTopicMark
	case kPresent, kContrast:
		bits := tPresent
		if p.kind == kContrast {
			bits |= tContrast
		} else {
			s.now = true
		}
		for j := start; j < end; j++ {
			s.flags[j] |= bits
		}
		s.lastPresent[s.toks[start].sent] = int32(start)
	case kRecent:
		s.recent[s.toks[start].sent] = true
		s.now = true
	case kIdiom:
		for j := start; j < end; j++ {
			s.flags[j] |= tIdiom
		}
	case kFarewell:
		s.farewell = true
	case kLaugh:
		s.laugh[s.toks[start].sent] = true
	case kSorry:
		s.sorry = true
	case kLove:
		s.love = true
	case kBye:
		if s.bye < 0 {
			s.bye = start
		}
	}
}

// spread marks the words a past marker governs (from the start of its
// clause to the next "now" or the end of the sentence) and the words a
// topic marker governs (from it to the next "but" or the end of the
// sentence).
func (s *scanner) spread() {
	toks, flags := s.toks, s.flags
	past, topic := false, false
	for i := range toks {
		if i == 0 || toks[i].sent != toks[i-1].sent {
			past, topic = false, false
		}
		f := flags[i]
		if f&tPresent != 0 {
			past = false
		}
		if f&tContrast != 0 {
			topic = false
		}
		if f&tPastMark != 0 {
			past = true
			s.back(i)
		}
		if f&tTopicMark != 0 {
			topic = true
		}
		if past {
			flags[i] |= tPast
		}
		if topic {
			flags[i] |= tTopic
		}
	}
}

// back marks words before i in its clause, stopping at a "now" marker or a
// word already marked, so the total work stays linear.
func (s *scanner) back(i int) {
	c := s.toks[i].clause
	for j := i - 1; j >= 0 && s.toks[j].clause == c && s.flags[j]&(tPresent|tPast) == 0; j-- {
		s.flags[j] |= tPast
	}
}

// keep reports whether a signal match survives its context.
func (s *scanner) keep(m match, r *rule) bool {
	for j := m.start; j < m.end; j++ {
		if s.flags[j]&tIdiom != 0 {
			return false
		}
	}
	if r.flags&fFarewell != 0 && s.farewell {
		return false
	}
	if s.flags[m.start]&tTopic != 0 && r.flags&fAsked == 0 {
		return false
	}
	if r.flags&fNoPast == 0 && (s.flags[m.start]&tPast != 0 || r.flags&fNoStory == 0 && s.toldAsPast(m)) {
		return false
	}
	if r.flags&fPastForm != 0 && !s.now {
		return false
	}
	if s.negated(m.start) || s.negatedInside(m) {
		return false
	}
	if r.flags&fJoke != 0 && r.flags&fJokeSoftens == 0 && s.laugh[s.toks[m.start].sent] {
		return false
	}
	if r.flags&fSelf != 0 && s.aboutOther(m.start) {
		return false
	}
	if r.flags&fPostNeg != 0 && s.resolvedAfter(m.end) {
		return false
	}
	if r.flags&fNotWriter != 0 && s.byWriter(m.start) {
		return false
	}
	return true
}

// negated looks back a few words in the clause for a negator, stopping at
// a conjunction or a new first-person subject ("I don't know, I want to
// die" is not negated; "I would never kill myself" is).
func (s *scanner) negated(start int) bool {
	toks := s.toks
	if negStops[toks[start].s] {
		// The phrase opens its own clause ("... when I'm gone").
		return false
	}
	c := toks[start].clause
	for k := 1; k <= negWindow; k++ {
		j := start - k
		if j < 0 || toks[j].clause != c {
			return false
		}
		w := toks[j].s
		if negators[w] {
			return !s.emphatic(j, start)
		}
		if negStops[w] || firstPerson[w] {
			return false
		}
	}
	return false
}

// negatedInside reports a negator that the pattern skipped over rather
// than matched ("I'm not giving up" against "im ~2 giving up").
func (s *scanner) negatedInside(m match) bool {
	for j := m.start + 1; j < m.end-1; j++ {
		w := s.toks[j].s
		if negators[w] && !m.p.own[w] && !s.emphatic(j, m.end) {
			return true
		}
	}
	return false
}

// emphatic reports a negator that strengthens rather than denies: "can't
// stop thinking about", "no puedo dejar de", "never felt so", "no sé".
func (s *scanner) emphatic(j, start int) bool {
	toks := s.toks
	for q := j + 1; q <= j+2 && q < start; q++ {
		if intensifier[toks[q].s] {
			return true
		}
	}
	if j+2 < start {
		a, b := toks[j+1].s, toks[j+2].s
		if (a == "felt" || a == "been" || a == "sentido" || a == "sido" || a == "estado") &&
			(b == "so" || b == "this" || b == "more" || b == "that" || b == "tan" || b == "asi" || b == "mas") {
			return true
		}
	}
	return false
}

// aboutOther reports a third person as the subject of a first-person-only
// phrase ("my sponsee relapsed"), unless the phrase itself starts with "I".
func (s *scanner) aboutOther(start int) bool {
	toks := s.toks
	if firstPerson[toks[start].s] {
		return false
	}
	c := toks[start].clause
	for k := 1; k <= otherWindow; k++ {
		j := start - k
		if j < 0 || toks[j].clause != c {
			return false
		}
		w := toks[j].s
		if firstPerson[w] {
			return false
		}
		if others[w] {
			return true
		}
	}
	return false
}

// resolvedAfter looks just past a match for words saying it has passed,
// and on to the end of the sentence for a "but" with words saying it is
// being coped with ("I feel lonely sometimes, but the group helps").
func (s *scanner) resolvedAfter(end int) bool {
	toks := s.toks
	if end == 0 || end >= len(toks) {
		return false
	}
	c := toks[end-1].clause
	for j := end; j < len(toks) && j < end+resolvedWindow && toks[j].clause == c; j++ {
		if resolved[toks[j].s] {
			return true
		}
	}
	sent, turned := toks[end-1].sent, false
	for j := end; j < len(toks) && j < end+copeWindow && toks[j].sent == sent; j++ {
		if s.flags[j]&tContrast != 0 {
			turned = true
		} else if turned && copes[toks[j].s] {
			return true
		}
	}
	return false
}

// toldAsPast reports a recovery story told in one sentence: a past-tense
// verb at the match and a later "now" ("I felt hopeless, but today I have
// hope"), without a "last night" that would make the past recent.
func (s *scanner) toldAsPast(m match) bool {
	toks := s.toks
	sent := toks[m.start].sent
	if s.recent[sent] || int(s.lastPresent[sent]) < m.end {
		return false
	}
	from := max(m.start-pastVerbWindow, 0)
	to := min(m.end+2, len(toks))
	for j := from; j < to; j++ {
		if toks[j].clause == toks[m.start].clause && pastVerbs[toks[j].s] {
			return true
		}
	}
	return false
}

// byWriter reports "I" as the subject just before a phrase about someone
// else's body ("I didn't wake up", "I can't breathe lol").
func (s *scanner) byWriter(start int) bool {
	c := s.toks[start].clause
	for j := start - 1; j >= 0 && j >= start-2 && s.toks[j].clause == c; j-- {
		if firstPerson[s.toks[j].s] {
			return true
		}
	}
	return false
}
