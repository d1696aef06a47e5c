package safety

import (
	"fmt"
	"strconv"
	"strings"
)

// A pattern is a sequence of word slots compiled from a small notation:
//
//	want|wanna ~3 die     alternatives split by |; ~N lets up to N other
//	                      words come before the next slot
//	overdos*              a word starting with "overdos"
//	pick_up               two words in a row as one alternative
//	goodbye !to           the next word must not be "to" (end of clause is fine)
//	a? b                  slot a may be missing
//	hace <num> anos       <num> is a number or number word, <year> a year,
//	                      <many> a number of ten or more or a word like "handful"
//	im done <end>         <end> matches only where the clause ends, so "I'm
//	                      done." matches and "I'm done with step 4" does not
//
// Words are folded the way messages are (lower case, no accents, no
// apostrophes), so rules are written the way people type.
type pattern struct {
	src   string
	elems []elem
	kind  kind            // what a match means
	rule  *rule           // for signals
	cue   cue             // for cues: what a match hints at
	own   map[string]bool // the pattern's own words, so "dont" in "dont want to live" is not read as a negation of it
	// need holds, for each required slot after the first whose
	// alternatives are all plain words, the Bloom bits of those words: a
	// message without any of them in some slot cannot match.
	need []bloom
}

// bloom is a 256-bit set of word hashes, for the words of a message or the
// alternatives of a slot.
type bloom [4]uint64

func (b *bloom) add(w string) {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	h ^= h >> 16
	b[h>>6&3] |= 1 << (h & 63)
}

func (b *bloom) meets(o *bloom) bool {
	return b[0]&o[0]|b[1]&o[1]|b[2]&o[2]|b[3]&o[3] != 0
}

// viable reports whether every slot the pattern needs has a word in the
// message.
func (p *pattern) viable(words *bloom) bool {
	for i := range p.need {
		if !p.need[i].meets(words) {
			return false
		}
	}
	return true
}

// kind is what a pattern match means to the classifier.
type kind uint8

const (
	kSignal   kind = iota
	kPast          // distant past: "years ago", "hace dos años"
	kPresent       // now: "today", "still", "ahora"; ends a past span
	kContrast      // a turn: "but", "now", "pero"; ends a past or topic span
	kRecent        // just happened: "last night", "anoche"
	kTopic         // talk about a subject, not a state: "talked about", "article"
	kIdiom         // a figure of speech that cancels an overlapping signal
	kFarewell      // an everyday goodbye: "see you tomorrow", "nos vemos"
	kLaugh         // laughter: "jaja", "lol"; marks a sentence as joking
	kSorry         // an apology to the group: "sorry everyone", "perdón a todos"
	kLove          // love to the group: "love you all", "los quiero"
	kBye           // a bare goodbye: "bye", "adiós"
)

type elem struct {
	alts     []alt
	gap      int
	optional bool
	not      bool
	end      bool // <end>: the clause must end here
	// For slots with many alternatives (word lists), the alternatives
	// whose first word is exact, by that word and by its collapsed form,
	// and the rest (prefixes, numbers), so a word is checked against a few
	// alternatives rather than all of them.
	byWord, byColl map[string][]int32
	rest           []int32
}

// candidates returns the alternatives worth trying at toks[j] when the
// slot is indexed: by the word, by its collapsed form, and the rest.
func (e *elem) candidates(t *token) (byWord, byColl, rest []int32) {
	byWord = e.byWord[t.s]
	if t.alt != "" {
		byColl = e.byColl[t.alt]
	}
	return byWord, byColl, e.rest
}

// indexThreshold is the number of alternatives from which a slot is indexed.
const indexThreshold = 6

func (e *elem) buildIndex() {
	if len(e.alts) < indexThreshold {
		return
	}
	e.byWord, e.byColl = map[string][]int32{}, map[string][]int32{}
	for i, a := range e.alts {
		if a.special != 0 || a.prefix[0] {
			e.rest = append(e.rest, int32(i))
			continue
		}
		e.byWord[a.words[0]] = append(e.byWord[a.words[0]], int32(i))
		e.byColl[a.coll[0]] = append(e.byColl[a.coll[0]], int32(i))
	}
}

// alt is one alternative of a slot: a word, a run of words written with
// "_" between them ("pick_up"), a prefix ("overdos*") or a number.
type alt struct {
	words   []string
	coll    []string // words with letter runs cut to one, for stretched tokens
	prefix  []bool
	special byte // 'n' number, 'y' year, 'm' many
}

var manyWords = map[string]bool{
	"bunch": true, "handful": true, "fistful": true, "ton": true, "tons": true, "lot": true,
	"lots": true, "dozen": true, "twenty": true, "thirty": true, "forty": true, "fifty": true,
	"hundred": true, "ten": true, "fifteen": true, "montón": true, "monton": true, "punado": true,
	"diez": true, "quince": true, "veinte": true, "treinta": true, "cuarenta": true,
	"cincuenta": true, "cien": true, "docena": true, "todas": true, "muchas": true,
	"demasiadas": true,
}

var numberWords = map[string]bool{
	"a": true, "an": true, "one": true, "two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true, "ten": true, "few": true,
	"couple": true, "several": true, "many": true, "some": true, "twenty": true, "fifteen": true,
	"un": true, "una": true, "uno": true, "dos": true, "tres": true, "cuatro": true, "cinco": true,
	"seis": true, "siete": true, "ocho": true, "nueve": true, "diez": true, "unos": true,
	"unas": true, "varios": true, "muchos": true, "algunos": true, "veinte": true, "quince": true,
}

func compile(src string, k kind, r *rule) *pattern {
	p := &pattern{src: src, kind: k, rule: r, own: map[string]bool{}}
	gap := 0
	for _, f := range strings.Fields(src) {
		if strings.HasPrefix(f, "~") {
			n, err := strconv.Atoi(f[1:])
			if err != nil || n < 0 || n > 6 {
				panic(fmt.Sprintf("safety: pattern %q: bad gap %q", src, f))
			}
			gap = n
			continue
		}
		e := elem{gap: gap}
		gap = 0
		if f == "<end>" {
			if e.gap != 0 {
				panic(fmt.Sprintf("safety: pattern %q: no gap before <end>", src))
			}
			e.end = true
			p.elems = append(p.elems, e)
			continue
		}
		if strings.HasPrefix(f, "!") {
			e.not, f = true, f[1:]
		}
		if len(f) > 1 && strings.HasSuffix(f, "?") {
			e.optional, f = true, f[:len(f)-1]
		}
		for _, a := range strings.Split(f, "|") {
			var al alt
			switch a {
			case "<num>":
				al.special = 'n'
			case "<year>":
				al.special = 'y'
			case "<many>":
				al.special = 'm'
			default:
				for _, w := range strings.Split(a, "_") {
					pre := strings.HasSuffix(w, "*")
					if pre {
						w = w[:len(w)-1]
					}
					w = foldRuleWord(w)
					if w == "" || pre && len(w) < 3 || strings.ContainsAny(w, "<>?~!") {
						panic(fmt.Sprintf("safety: pattern %q: bad word %q", src, a))
					}
					p.own[w] = true
					al.words = append(al.words, w)
					al.coll = append(al.coll, collapseRuns(w))
					al.prefix = append(al.prefix, pre)
				}
			}
			e.alts = append(e.alts, al)
		}
		e.buildIndex()
		p.elems = append(p.elems, e)
	}
	if len(p.elems) == 0 {
		panic(fmt.Sprintf("safety: empty pattern %q", src))
	}
	for _, e := range p.elems[1:] {
		if e.optional || e.not || e.end {
			continue
		}
		var b bloom
		plain := true
		for _, a := range e.alts {
			if a.special != 0 || a.prefix[0] {
				plain = false
				break
			}
			b.add(a.words[0])
			b.add(a.coll[0])
		}
		if plain {
			p.need = append(p.need, b)
		}
	}
	if first := p.elems[0]; first.not || first.optional || first.gap != 0 || first.end {
		panic(fmt.Sprintf("safety: pattern %q must start with a plain slot", src))
	}
	for _, a := range p.elems[0].alts {
		if a.special != 0 {
			panic(fmt.Sprintf("safety: pattern %q must start with a word", src))
		}
	}
	return p
}

// foldRuleWord folds a word of a rule the way tokenize folds a message.
func foldRuleWord(w string) string {
	w = normalize(w)
	return strings.NewReplacer("'", "", "’", "").Replace(w)
}

func wordMatches(t *token, w, c string, pre bool) bool {
	if pre {
		return strings.HasPrefix(t.s, w) || t.alt != "" && strings.HasPrefix(t.alt, c)
	}
	return t.s == w || t.alt != "" && t.alt == c
}

// length returns how many tokens the alternative covers at toks[j], or 0.
func (a *alt) length(toks []token, j, lim int) int {
	switch a.special {
	case 'n':
		if numberWords[toks[j].s] || isDigits(toks[j].s) {
			return 1
		}
		return 0
	case 'm':
		s := toks[j].s
		if manyWords[s] {
			return 1
		}
		if isDigits(s) && len(s) <= 4 {
			n, _ := strconv.Atoi(s)
			if n >= 10 {
				return 1
			}
		}
		return 0
	case 'y':
		s := toks[j].s
		if len(s) == 4 && isDigits(s) {
			if y, _ := strconv.Atoi(s); y >= 1950 && y <= 2099 {
				return 1
			}
		}
		return 0
	}
	if j+len(a.words) > lim {
		return 0
	}
	for q, w := range a.words {
		if !wordMatches(&toks[j+q], w, a.coll[q], a.prefix[q]) {
			return 0
		}
	}
	return len(a.words)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// matchAt tries the pattern's slots from e on, with toks[i] the next free
// word and lim the end of the clause. It returns the end of the match
// (exclusive) or -1. Gaps are at most 6 and patterns short, so the work per
// start is bounded by a constant.
func (p *pattern) matchAt(toks []token, i, lim, e int) int {
	if e == len(p.elems) {
		return i
	}
	el := &p.elems[e]
	if el.end {
		if i < lim {
			return -1
		}
		return p.matchAt(toks, i, lim, e+1)
	}
	if el.not {
		if i < lim {
			for a := range el.alts {
				if el.alts[a].length(toks, i, lim) > 0 {
					return -1
				}
			}
		}
		return p.matchAt(toks, i, lim, e+1)
	}
	for skip := 0; skip <= el.gap; skip++ {
		j := i + skip
		if j >= lim {
			break
		}
		if el.byWord == nil {
			for a := range el.alts {
				if n := el.alts[a].length(toks, j, lim); n > 0 {
					if end := p.matchAt(toks, j+n, lim, e+1); end >= 0 {
						return end
					}
				}
			}
			continue
		}
		w, c, r := el.candidates(&toks[j])
		for _, list := range [3][]int32{w, c, r} {
			for _, a := range list {
				if n := el.alts[a].length(toks, j, lim); n > 0 {
					if end := p.matchAt(toks, j+n, lim, e+1); end >= 0 {
						return end
					}
				}
			}
		}
	}
	if el.optional {
		return p.matchAt(toks, i, lim, e+1)
	}
	return -1
}

// index finds the patterns whose first word could match a token.
type index struct {
	exact  map[string][]*pattern
	alt    map[string][]*pattern // by first word with letter runs cut to one
	prefix map[string][]*pattern // by the first two bytes of a prefix
}

func newIndex() *index {
	return &index{exact: map[string][]*pattern{}, alt: map[string][]*pattern{}, prefix: map[string][]*pattern{}}
}

func (ix *index) add(p *pattern) {
	first := p.elems[0]
	for _, a := range first.alts {
		w, c := a.words[0], a.coll[0]
		if a.prefix[0] {
			ix.prefix[w[:2]] = appendUnique(ix.prefix[w[:2]], p)
			continue
		}
		ix.exact[w] = appendUnique(ix.exact[w], p)
		ix.alt[c] = appendUnique(ix.alt[c], p)
	}
}

func appendUnique(ps []*pattern, p *pattern) []*pattern {
	for _, q := range ps {
		if q == p {
			return ps
		}
	}
	return append(ps, p)
}

// candidates returns up to three lists of patterns worth trying at t; a
// pattern may appear in more than one, which only repeats a match.
func (ix *index) candidates(t *token, buf *[3][]*pattern) int {
	n := 0
	if ps := ix.exact[t.s]; len(ps) > 0 {
		buf[n] = ps
		n++
	}
	if t.alt != "" {
		if ps := ix.alt[t.alt]; len(ps) > 0 {
			buf[n] = ps
			n++
		}
	}
	if len(t.s) >= 2 {
		if ps := ix.prefix[t.s[:2]]; len(ps) > 0 {
			buf[n] = ps
			n++
		}
	}
	return n
}
