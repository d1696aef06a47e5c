package match

import (
	"cmp"
	"container/heap"
	"iter"
	"slices"
	"strings"
)

// Suggest returns the k best mentors for mentee among those who are feasible
// and have room (capacity above zero), best first, ties broken by mentor id,
// with reasons. A mentor with the mentee's own id is skipped. It returns an
// empty slice when k < 1 or nobody fits.
//
// It is built to scan 100,000 mentors within a few milliseconds: the mentee
// is prepared once, mentors are checked without allocating, only the
// running top k are kept, in a bounded heap, and once the heap is full a
// mentor is read a little at a time (see suggestCut), and dropped as soon
// as what is known of it shows it cannot reach the top k.
func Suggest(w Weights, mentee Person, mentors []Person, k int) []Score {
	if k < 1 || len(mentors) == 0 {
		return []Score{}
	}
	v := newMenteeView(&mentee)
	sc := scorerFor(w)
	cut := newSuggestCut(v, sc)
	var zm zoneMemo
	h := &topK{mentors: mentors, items: make([]ranked, 0, min(k, len(mentors)))}
	want := mentee.Require.MentorGender
	for i := range mentors {
		m := &mentors[i]
		if m.Capacity <= 0 || (want != "" && m.Gender != want) {
			continue // infeasible: no room, or not the gender asked for
		}
		if len(h.items) == k && !cut.mayReach(m, h.items[0].milli) {
			continue // cannot make the top k, feasible or not
		}
		if m.ID == mentee.ID {
			continue
		}
		mask, mb, mn := v.failures(m, &zm, false)
		if mask != 0 {
			continue
		}
		f := v.features(m, mn, mb)
		r := ranked{milli: sc.total(&f), idx: int32(i)}
		if len(h.items) < k {
			heap.Push(h, r)
		} else if h.worse(h.items[0], r) {
			h.items[0] = r
			heap.Fix(h, 0)
		}
	}
	best := h.items
	slices.SortFunc(best, func(a, b ranked) int {
		if h.worse(a, b) {
			return 1
		}
		if h.worse(b, a) {
			return -1
		}
		return 0
	})
	out := make([]Score, len(best))
	for n, r := range best {
		m := &mentors[r.idx]
		mb, mn := v.mentorAvail(m, &zm)
		f := v.features(m, mn, mb)
		reasons, why := v.reasons(m, mb, mn, sc, &f)
		out[n] = Score{Mentee: mentee.ID, Mentor: m.ID, Score: float64(r.milli) / 1000, Reasons: reasons, Why: why}
	}
	return out
}

// suggestCut knows, for one mentee, the most points each component can
// give. mayReach reads a mentor in stages, first the fields of the Person
// itself (and the lengths of its lists), then its lists one at a time
// (each is a separate block of memory, so a likely cache miss), and after
// each stage adds, to the exact points of what it has read, the most the
// rest could give. The lists are read in the order of how many points they
// can move for this mentee, so most mentors are dropped after one list.
// The availability, the costliest to read, is left to the full check.
type suggestCut struct {
	v  *menteeView
	sc *scorer
	// most[c] is the most points component c can give this mentee; for
	// spirituality, with a mentor of another tradition.
	most [numComp]int64
	// byLen[c][n] is the most for a list component c when the mentor's
	// list has n entries (at most cutLen); famCircByLen[f][n] likewise for
	// family and circumstances together, where f tells the mentor's
	// Family: none, one the mentee shares, one the mentee lacks.
	byLen        [numComp][cutLen + 1]int64
	famCircByLen [3][cutLen + 1]int64
	order        [numLists]int8
}

// cutLen bounds the list lengths suggestCut keeps bounds for; a longer
// list may give the most.
const cutLen = 8

// The lists of a Person that mayReach reads.
const (
	listCircumstances = iota // with Family: family and other circumstances
	listPathways
	listLanguages
	listSubstances
	numLists
)

func newSuggestCut(v *menteeView, sc *scorer) *suggestCut {
	c := &suggestCut{v: v, sc: sc}
	// Every component is a share between 0 and 1 of its weight, and a set
	// the mentee gave nothing for gives at most a half.
	share := func(comp, n int) int64 {
		if n == 0 {
			return int64(milliOf(sc.wn[comp], 0.5))
		}
		return int64(max(milliOf(sc.wn[comp], 1), milliOf(sc.wn[comp], 0.5)))
	}
	c.most[cFamily] = share(cFamily, len(v.fam))
	c.most[cPathway] = share(cPathway, len(v.paths))
	c.most[cCirc] = share(cCirc, len(v.circ))
	c.most[cSubstance] = share(cSubstance, len(v.subs))
	c.most[cLanguage] = share(cLanguage, len(v.langs))
	c.most[cAvail] = share(cAvail, v.availN)
	for o := range int8(3) { // a mentor of another tradition, by outlook
		c.most[cSpirit] = max(c.most[cSpirit], int64(sc.spiritPoints(false, v.orient, o)))
	}
	// A mentor list of n entries holds between 0 and n distinct tokens
	// (some may be empty, repeated, or of another kind); Jaccard points
	// grow with the tokens shared, so the most is with as many shared as
	// can be. Family tokens are Family and those among the circumstances.
	jac := func(t, a, lo, hi, unshared int) int64 {
		best := int64(0)
		for b := lo; b <= hi; b++ {
			best = max(best, int64(sc.jaccard(t, min(a, b-unshared), a, b)))
		}
		return best
	}
	for n := range cutLen + 1 {
		c.byLen[cCirc][n] = jac(2, len(v.circ), 0, n, 0)
		c.byLen[cPathway][n] = jac(1, len(v.paths), 0, n, 0)
		c.byLen[cSubstance][n] = jac(3, len(v.subs), 0, n, 0)
		c.byLen[cLanguage][n] = c.most[cLanguage]
		// Of n circumstances, x may be family ones and the rest others.
		for x := range n + 1 {
			circ := c.byLen[cCirc][n-x]
			c.famCircByLen[0][n] = max(c.famCircByLen[0][n], jac(0, len(v.fam), 0, x, 0)+circ)
			c.famCircByLen[1][n] = max(c.famCircByLen[1][n], jac(0, len(v.fam), 1, x+1, 0)+circ)
			c.famCircByLen[2][n] = max(c.famCircByLen[2][n], jac(0, len(v.fam), 1, x+1, 1)+circ)
		}
	}
	c.byLen[cLanguage][0] = int64(sc.lang[1]) // no language: unknown
	// A list the mentee gave nothing for moves its points by a half at
	// most; one it did, by up to the whole weight.
	moves := [numLists]int64{
		c.most[cFamily] + c.most[cCirc], c.most[cPathway], c.most[cLanguage], c.most[cSubstance],
	}
	c.order = [numLists]int8{listCircumstances, listPathways, listLanguages, listSubstances}
	slices.SortStableFunc(c.order[:], func(a, b int8) int { return int(moves[b] - moves[a]) })
	return c
}

// mostFor is the most points list component comp can give for a mentor
// list of n entries.
func (c *suggestCut) mostFor(comp, n int) int64 {
	if n > cutLen {
		return c.most[comp]
	}
	return c.byLen[comp][n]
}

// mayReach reports whether mentor m might score thr or more and pass the
// mentee's language and pathway requirements; when it says no, m is
// certainly out.
func (c *suggestCut) mayReach(m *Person, thr int64) bool {
	v, sc, p := c.v, c.sc, c.v.p
	// The Person's own fields, and the lengths of its lists.
	t := int64(sc.agePoints(p.Age, m.Age)) + int64(sc.gender[genderMatch(p.Gender, p.Require.MentorGender, m.Gender)+1])
	spiritKnown := true
	switch {
	case p.Spirituality != "" && p.Spirituality == m.Spirituality:
		t += int64(sc.spirit[0])
	case m.Spirituality != "" || len(m.Circumstances)+len(m.Pathways) == 0:
		// The outlook comes from these alone (orientation reads no list).
		t += int64(sc.spiritPoints(false, v.orient, orientation(m)))
	default: // the outlook may come from circumstances or pathways
		t += c.most[cSpirit]
		spiritKnown = false
	}
	nc := len(m.Circumstances)
	f := 0 // no Family
	if m.Family != "" {
		f = 1
		if !contains(v.fam, m.Family) {
			f = 2
		}
	}
	famCircMost := c.most[cFamily] + c.most[cCirc]
	if nc <= cutLen {
		famCircMost = c.famCircByLen[f][nc]
	}
	pathMost, langMost, subMost := c.mostFor(cPathway, len(m.Pathways)), c.mostFor(cLanguage, len(m.Languages)), c.mostFor(cSubstance, len(m.Substances))
	rest := famCircMost + pathMost + langMost + subMost + c.most[cAvail]
	if t+rest < thr {
		return false
	}
	for _, l := range c.order {
		switch l {
		case listCircumstances:
			var fb, cb [8]string
			fam, circ := splitTokens(m, fb[:0], cb[:0])
			famI, famB := countAgainst(v.fam, fam)
			circI, circB := countAgainst(v.circ, circ)
			t += int64(sc.jaccard(0, famI, len(v.fam), famB)) + int64(sc.jaccard(2, circI, len(v.circ), circB))
			rest -= famCircMost
		case listPathways:
			pathI, pathB := countAgainst(v.paths, m.Pathways)
			if p.Require.Pathway && pathI == 0 {
				return false
			}
			t += int64(sc.jaccard(1, pathI, len(v.paths), pathB))
			rest -= pathMost
		case listLanguages:
			langI, langB := countAgainst(v.langs, m.Languages)
			if p.Require.Language && langI == 0 {
				return false
			}
			t += int64(sc.langPoints(langI, len(v.langs), langB))
			rest -= langMost
		case listSubstances:
			subI, subB := countAgainst(v.subs, m.Substances)
			t += int64(sc.jaccard(3, subI, len(v.subs), subB))
			rest -= subMost
		}
		if t+rest < thr {
			return false
		}
	}
	if !spiritKnown {
		t += int64(sc.spiritPoints(false, v.orient, orientation(m))) - c.most[cSpirit]
	}
	return t+rest >= thr
}

type ranked struct {
	milli int64
	idx   int32
}

// topK is a min-heap whose root is the worst of the best k so far.
type topK struct {
	mentors []Person
	items   []ranked
}

// worse reports whether a ranks below b: a lower score, or the same score
// and a later id.
func (h *topK) worse(a, b ranked) bool {
	if a.milli != b.milli {
		return a.milli < b.milli
	}
	return h.mentors[a.idx].ID > h.mentors[b.idx].ID
}

func (h *topK) Len() int           { return len(h.items) }
func (h *topK) Less(i, j int) bool { return h.worse(h.items[i], h.items[j]) }
func (h *topK) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *topK) Push(x any)         { h.items = append(h.items, x.(ranked)) }
func (h *topK) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// FeasiblePairs yields every feasible pair of the cohort (without reasons),
// by mentee id, then best score first, then mentor id. It returns an
// *InvalidError for a cohort that does not Validate, or an error for bad weights.
func FeasiblePairs(w Weights, c Cohort) (iter.Seq[Score], error) {
	e, err := prepare(w, c)
	if err != nil {
		return nil, err
	}
	order := make([]int, len(c.Mentees))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(c.Mentees[a].ID, c.Mentees[b].ID) })
	return func(yield func(Score) bool) {
		var buf []edge
		for _, i := range order {
			buf = e.feasibleList(i, buf[:0])
			for _, ed := range buf {
				if !yield(Score{Mentee: c.Mentees[i].ID, Mentor: c.Mentors[ed.mentor].ID, Score: float64(ed.milli) / 1000}) {
					return
				}
			}
		}
	}, nil
}

// ---- Reasons ----

// Reason is one thing a mentee and mentor share, as codes a page words in
// its reader's language; Text words it in English, as Score.Reasons are.
type Reason struct {
	// Kind is what they share: "age", "family", "family-similar", "faith",
	// "spirituality", "secular", "pathway", "circumstance", "substance",
	// "language" or "free".
	Kind string
	// Term is the family situation, pathway, circumstance, substance or
	// language (a code) they share, as the people's records spell it.
	Term string
	// Free, for "free", are the mentee's day-parts the mentor shares too,
	// in the mentee's zone: for each part of the day (morning, afternoon,
	// evening, night) a bit per weekday, Monday the lowest.
	Free [4]uint8
}

// Text is the reason in English: "also a single parent", "free on
// weekend mornings in your time zone".
func (r Reason) Text() string {
	switch r.Kind {
	case "age":
		return "close in age"
	case "family":
		return familyPhrase(r.Term)
	case "family-similar":
		return "similar family situation"
	case "faith":
		return "shares your faith"
	case "spirituality":
		return "also draws on spirituality"
	case "secular":
		return "also prefers a secular approach"
	case "pathway":
		return pathwayPhrase(r.Term)
	case "circumstance":
		return circumstancePhrase(r.Term)
	case "substance":
		return "shared experience with " + strings.ReplaceAll(r.Term, "-", " ")
	case "language":
		return "speaks " + languageName(r.Term)
	case "free":
		return "free on " + describeFree(r.Free) + " in your time zone"
	}
	return r.Kind
}

type reason struct {
	r      Reason
	weight int32
	comp   int
}

// reasons explains what the pair shares, most weighty first, as codes and
// in English words.
func (v *menteeView) reasons(m *Person, mb week, mn int, sc *scorer, f *features) ([]string, []Reason) {
	var buf [numComp + 1]reason // one per component, two for circumstances
	rs := buf[:0]
	pts := sc.parts(f)
	add := func(c int, r Reason) { rs = append(rs, reason{r, pts[c], c}) }
	p := v.p
	if p.Age > 0 && m.Age > 0 && abs(p.Age-m.Age) <= 5 {
		add(cAge, Reason{Kind: "age"})
	}
	var fb, cb [8]string
	mfam, mcirc := splitTokens(m, fb[:0], cb[:0])
	if t := firstShared(familyOrder, v.fam, mfam); t != "" {
		add(cFamily, Reason{Kind: "family", Term: t})
	} else if t := firstIn(v.fam, mfam); t != "" {
		add(cFamily, Reason{Kind: "family-similar"})
	}
	if sc.wn[cSpirit] > 0 {
		mo := orientation(m)
		switch {
		case p.Spirituality != "" && p.Spirituality == m.Spirituality && v.orient == orientFaith:
			add(cSpirit, Reason{Kind: "faith"})
		case v.orient == orientFaith && mo == orientFaith:
			add(cSpirit, Reason{Kind: "spirituality"})
		case v.orient == orientSecular && mo == orientSecular:
			add(cSpirit, Reason{Kind: "secular"})
		}
	}
	if t := firstIn(v.paths, m.Pathways); t != "" {
		add(cPathway, Reason{Kind: "pathway", Term: t})
	}
	n := 0
	for _, c := range v.circ {
		if n < 2 && contains(mcirc, c) {
			add(cCirc, Reason{Kind: "circumstance", Term: c})
			n++
		}
	}
	if t := firstIn(v.subs, m.Substances); t != "" {
		add(cSubstance, Reason{Kind: "substance", Term: t})
	}
	if t := preferredLanguage(v.langs, m.Languages); t != "" {
		add(cLanguage, Reason{Kind: "language", Term: t})
	}
	if v.availN > 0 && mn > 0 {
		if free, ok := v.overlap(&mb); ok {
			add(cAvail, Reason{Kind: "free", Free: free})
		}
	}
	slices.SortStableFunc(rs, func(a, b reason) int { return cmp.Compare(b.weight, a.weight) })
	out, why := make([]string, len(rs)), make([]Reason, len(rs))
	for i, r := range rs {
		out[i], why[i] = r.r.Text(), r.r
	}
	return out, why
}

func firstIn(mine, theirs []string) string {
	for _, t := range mine {
		if contains(theirs, t) {
			return t
		}
	}
	return ""
}

func firstShared(order, a, b []string) string {
	for _, t := range order {
		if contains(a, t) && contains(b, t) {
			return t
		}
	}
	return ""
}

var familyOrder = []string{"young-children", "single-parent", "teen-children", "pregnant", "expecting", "parent",
	"grandparent", "foster-parent", "kinship-carer", "caregiver", "adult-children", "widowed", "divorced", "separated", "married", "partnered"}

func familyPhrase(t string) string {
	switch t {
	case "young-children":
		return "parent of young children"
	case "teen-children":
		return "parent of teenagers"
	case "adult-children":
		return "parent of grown children"
	case "single-parent":
		return "also a single parent"
	case "pregnant", "expecting":
		return "also expecting a child"
	case "kinship-carer":
		return "also raising a relative's children"
	}
	return "also " + article(t) + strings.ReplaceAll(t, "-", " ")
}

func article(t string) string {
	switch t {
	case "married", "partnered", "divorced", "separated", "widowed":
		return ""
	}
	if strings.ContainsRune("aeiou", rune(t[0])) {
		return "an "
	}
	return "a "
}

func pathwayPhrase(t string) string {
	switch t {
	case "12-step":
		return "also working a 12-step program"
	case "smart":
		return "also uses SMART Recovery"
	case "harm-reduction":
		return "also takes a harm-reduction approach"
	case "medication-supported":
		return "also on a medication-supported path"
	}
	return "also on " + article(t) + strings.ReplaceAll(t, "-", " ") + " path"
}

func circumstancePhrase(t string) string {
	switch t {
	case "lgbtq", "lgbtq+":
		return "also LGBTQ+"
	case "employed":
		return "also balancing work and recovery"
	case "student":
		return "also a student"
	case "retired", "rural":
		if t == "rural" {
			return "also lives in a rural area"
		}
		return "also retired"
	case "justice-involved":
		return "has also been through the justice system"
	case "chronic-pain":
		return "also lives with chronic pain"
	}
	return "also " + article(t) + strings.ReplaceAll(t, "-", " ")
}

// preferredLanguage picks the mentee's first shared language other than
// English, which tells a person more; English if that is all they share.
func preferredLanguage(mine, theirs []string) string {
	en := ""
	for _, t := range mine {
		if contains(theirs, t) {
			if t != "en" {
				return t
			}
			en = t
		}
	}
	return en
}

func languageName(code string) string {
	switch code {
	case "en":
		return "English"
	case "es":
		return "Spanish"
	case "fr":
		return "French"
	case "zh":
		return "Chinese"
	case "vi":
		return "Vietnamese"
	case "ar":
		return "Arabic"
	case "pt":
		return "Portuguese"
	case "ru":
		return "Russian"
	case "ko":
		return "Korean"
	case "tl":
		return "Tagalog"
	case "ht":
		return "Haitian Creole"
	case "de":
		return "German"
	case "pl":
		return "Polish"
	case "hi":
		return "Hindi"
	case "ja":
		return "Japanese"
	case "ase", "asl":
		return "American Sign Language"
	case "nv":
		return "Navajo"
	}
	return code
}

// overlap is the mentee's own day-parts that the mentor shares: for each
// part of the day, a bit per weekday; false when there are none.
func (v *menteeView) overlap(mb *week) ([4]uint8, bool) {
	var days [4]uint8
	found := false
	for _, a := range v.p.Availability {
		if s, ok := parseSlot(a); ok && v.zone.slot[s].meets(mb) {
			days[s%4] |= 1 << (s / 4)
			found = true
		}
	}
	return days, found
}

// FreeSpan is how a Reason's free days for one part of the day read:
// every day, weekdays, the weekend, or the days listed.
type FreeSpan struct {
	Part int   // 0 morning, 1 afternoon, 2 evening, 3 night
	All  bool  // every day of the week
	Week bool  // Monday to Friday
	End  bool  // Saturday and Sunday
	Days []int // otherwise, the days: 0 Monday … 6 Sunday
}

// Spans are the parts of the day of a "free" reason, in order, as they
// are said; More is true when more than two parts were shared (only the
// first two are said).
func (r Reason) Spans() (spans []FreeSpan, more bool) {
	for p := range 4 {
		d := r.Free[p]
		switch {
		case d == 0:
			continue
		case d == 0x7f:
			spans = append(spans, FreeSpan{Part: p, All: true})
		case d == 0x1f:
			spans = append(spans, FreeSpan{Part: p, Week: true})
		case d == 0x60:
			spans = append(spans, FreeSpan{Part: p, End: true})
		default:
			s := FreeSpan{Part: p}
			for day := range 7 {
				if d&(1<<day) != 0 {
					s.Days = append(s.Days, day)
				}
			}
			spans = append(spans, s)
		}
	}
	if len(spans) > 2 {
		return spans[:2], true
	}
	return spans, false
}

// describeFree names shared day-parts in English, e.g. "weekday
// evenings" or "Monday and Saturday mornings".
func describeFree(free [4]uint8) string {
	spans, more := Reason{Free: free}.Spans()
	phrases := make([]string, len(spans))
	for i, s := range spans {
		plural := partNames[s.Part] + "s"
		switch {
		case s.All:
			phrases[i] = plural + " all week"
		case s.Week:
			phrases[i] = "weekday " + plural
		case s.End:
			phrases[i] = "weekend " + plural
		default:
			names := make([]string, len(s.Days))
			for j, d := range s.Days {
				names[j] = dayLong[d]
			}
			if len(names) == 1 {
				phrases[i] = names[0] + " " + plural
			} else {
				phrases[i] = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " " + plural
			}
		}
	}
	if more {
		return phrases[0] + ", " + phrases[1] + " and more"
	}
	return strings.Join(phrases, " and ")
}
