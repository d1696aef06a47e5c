package match

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Weights say how much each kind of similarity counts towards a score.
// Only their proportions matter; a weight must not be negative.
type Weights struct {
	Age, Family, Spirituality, Pathway, Circumstances, Substance, Gender, Language, Availability float64
}

// DefaultWeights weigh age, family situation, spirituality and pathway
// highest, as research on peer mentoring suggests, and gender and substance
// lowest: matching on them showed little effect. Race is never used.
func DefaultWeights() Weights {
	return Weights{
		Age: 3, Family: 3, Spirituality: 3, Pathway: 3,
		Circumstances: 1.5, Availability: 1.5, Language: 1,
		Substance: 0.5, Gender: 0.5,
	}
}

// Validate returns an error naming the first weight that is negative or
// not a number, or saying that every weight is 0 (then every pair scores
// 0 and a plan is a lottery).
func (w Weights) Validate() error {
	var sum float64
	for i, x := range w.list() {
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("match: weight %s is %v; weights must be zero or more", componentNames[i], x)
		}
		sum += x
	}
	if sum <= 0 {
		return errors.New("match: every weight is 0, so every pair would score 0; give at least one a weight above 0")
	}
	if math.IsInf(sum, 0) {
		return errors.New("match: the weights add up to more than a number can hold; use smaller ones (only their proportions matter)")
	}
	return nil
}

// weightNames are the names ParseWeights reads, as an operator writes them.
var weightNames = [numComp]string{"age", "family", "spirituality", "pathway", "circumstances", "substance", "gender", "language", "availability"}

// ParseWeights reads weights written as name=weight pairs separated by
// commas ("age=3,family=3"), names as DefaultWeights' fields in lower case;
// a name left out keeps its default. Each problem is one line naming the
// pair and what to write instead; weights that pass are also Validated.
func ParseWeights(text string) (Weights, []string) {
	w := DefaultWeights()
	at := map[string]*float64{"age": &w.Age, "family": &w.Family, "spirituality": &w.Spirituality, "pathway": &w.Pathway,
		"circumstances": &w.Circumstances, "substance": &w.Substance, "gender": &w.Gender, "language": &w.Language, "availability": &w.Availability}
	var probs []string
	for _, part := range strings.Split(text, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		k = strings.ToLower(strings.TrimSpace(k))
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		switch {
		case !ok || at[k] == nil:
			probs = append(probs, fmt.Sprintf("%q: write name=weight pairs separated by commas (names: %s)", part, strings.Join(weightNames[:], ", ")))
		case err != nil || !(f >= 0 && f <= 1e6):
			probs = append(probs, fmt.Sprintf("%q: a weight is a number from 0 to 1000000, such as 3 or 0.5", part))
		default:
			*at[k] = f
		}
	}
	if len(probs) == 0 {
		if err := w.Validate(); err != nil {
			probs = append(probs, strings.TrimPrefix(err.Error(), "match: "))
		}
	}
	return w, probs
}

// Components of a score, in the order used everywhere below.
const (
	cAge = iota
	cFamily
	cSpirit
	cPathway
	cCirc
	cSubstance
	cGender
	cLanguage
	cAvail
	numComp
)

var componentNames = [numComp]string{"Age", "Family", "Spirituality", "Pathway", "Circumstances", "Substance", "Gender", "Language", "Availability"}

func (w Weights) list() [numComp]float64 {
	return [numComp]float64{w.Age, w.Family, w.Spirituality, w.Pathway, w.Circumstances, w.Substance, w.Gender, w.Language, w.Availability}
}

// norm turns weights into points out of 100 per component.
func (w Weights) norm() [numComp]float64 {
	l := w.list()
	var sum float64
	for _, x := range l {
		sum += max(x, 0)
	}
	var n [numComp]float64
	if sum <= 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return n
	}
	for i, x := range l {
		n[i] = 100 * max(x, 0) / sum
	}
	return n
}

// Score is how well a mentor suits a mentee, from 0 to 100, with the reasons
// a person would read, most important first.
type Score struct {
	Mentee  string   `json:"mentee_id"`
	Mentor  string   `json:"mentor_id"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons,omitempty"`
	// Why are the Reasons as codes, for pages in the reader's language.
	Why []Reason `json:"-"`
}

// Hard constraints, in the order Feasible checks them.
const (
	failBlocked uint8 = 1 << iota
	failCapacity
	failLanguage
	failGender
	failPathway
	failAvailability
	numConstraints = 6
)

var constraintNames = [numConstraints]string{"blocked", "capacity", "language", "mentor_gender", "pathway", "availability"}

// Infeasible is the error for a pair that a hard constraint rules out.
// Constraint is one of "blocked", "capacity", "language", "mentor_gender",
// "pathway" or "availability".
type Infeasible struct{ Constraint string }

func (e *Infeasible) Error() string { return "match: pair ruled out by " + e.Constraint }

// Check returns nil when the pair may be matched, or an *Infeasible naming
// the first hard constraint that rules it out.
func Check(mentee, mentor Person) error {
	if ok, why := Feasible(mentee, mentor); !ok {
		return &Infeasible{why}
	}
	return nil
}

// Feasible reports whether mentor may be paired with mentee and, if not,
// which hard constraint rules the pair out: "blocked" (either blocked the
// other), "capacity" (mentor takes nobody), "language", "mentor_gender",
// "pathway", or "availability" (no hour of the week in common; someone who
// gives no availability is taken to be flexible).
func Feasible(mentee, mentor Person) (ok bool, why string) {
	v := newMenteeView(&mentee)
	var zm zoneMemo
	mask, _, _ := v.failures(&mentor, &zm, false)
	if mask == 0 {
		return true, ""
	}
	return false, constraintNames[bits.TrailingZeros8(mask)]
}

// ScorePair scores mentor for mentee, from 0 to 100 in steps of 0.001, with
// reasons. It does not check hard constraints; use Feasible for that.
func ScorePair(w Weights, mentee, mentor Person) Score {
	return scorePair(scorerFor(w), &mentee, &mentor)
}

// scorePair is ScorePair with the scorer at hand.
func scorePair(sc *scorer, mentee, mentor *Person) Score {
	var v menteeView
	var buf [5][8]string
	v.init(mentee, &buf)
	var zm zoneMemo
	mb, mn := v.mentorAvail(mentor, &zm)
	f := v.features(mentor, mn, mb)
	reasons, why := v.reasons(mentor, mb, mn, sc, &f)
	return Score{
		Mentee:  mentee.ID,
		Mentor:  mentor.ID,
		Score:   float64(sc.total(&f)) / 1000,
		Reasons: reasons,
		Why:     why,
	}
}

// features are the counts a score is made of. Both the one-pair path
// (menteeView) and the cohort path (profile) fill them, so a pair scores the
// same either way.
type features struct {
	ageA, ageB          int
	famI, famA, famB    int
	spiritSame          bool
	orientA, orientB    int8
	pathI, pathA, pathB int
	circI, circA, circB int
	subI, subA, subB    int
	gender              int8 // 1 same or as required, -1 different, 0 unknown
	langI, langA, langB int
	availI, availA      int
	availB              int
}

const (
	orientUnknown int8 = iota
	orientFaith
	orientSecular
)

// jaccardOf is the share of tokens two sets have in common; 0.5 when
// neither side said anything, so silence is neither rewarded nor punished.
func jaccardOf(i, a, b int) float64 {
	if a == 0 && b == 0 {
		return 0.5
	}
	return float64(i) / float64(a+b-i)
}

// milliOf is a component's share of the score in thousandths of a point.
// The explicit conversions stop the compiler fusing multiply and add, so
// every caller rounds the very same way.
func milliOf(wn, v float64) int32 {
	x := float64(wn * v)
	return int32(math.Round(float64(x * 1000)))
}

// jacSize bounds the set sizes whose points are kept in a table.
const jacSize = 8

// jacComp are the components scored by Jaccard similarity, in table order.
var jacComp = [4]int{cFamily, cPathway, cCirc, cSubstance}

// scorer turns features into points for one set of weights. Each component
// is rounded to thousandths on its own, so a score is a sum of integers and
// every path that fills the same features gets the very same score.
type scorer struct {
	wn       [numComp]float64
	jac      [4][jacSize * jacSize * jacSize]int32
	age      [27]int32 // by years apart, up to 25; 26 when an age is unknown
	spirit   [4]int32  // same tradition, same outlook, unknown, different
	gender   [3]int32  // by features.gender+1
	lang     [3]int32  // none shared, unknown, shared
	availUnk int32
}

func newScorer(w Weights) *scorer {
	s := &scorer{wn: w.norm()}
	for t, c := range jacComp {
		for i := range jacSize {
			for a := range jacSize {
				for b := range jacSize {
					if i <= a && i <= b {
						s.jac[t][i<<6|a<<3|b] = milliOf(s.wn[c], jaccardOf(i, a, b))
					}
				}
			}
		}
	}
	for d := range 26 {
		s.age[d] = milliOf(s.wn[cAge], float64(25-d)/25)
	}
	s.age[26] = milliOf(s.wn[cAge], 0.5)
	for k, v := range []float64{1, 0.75, 0.5, 0} {
		s.spirit[k] = milliOf(s.wn[cSpirit], v)
	}
	for k, v := range []float64{0, 0.5, 1} {
		s.gender[k] = milliOf(s.wn[cGender], v)
		s.lang[k] = milliOf(s.wn[cLanguage], []float64{0, 0.5, 1}[k])
	}
	s.availUnk = milliOf(s.wn[cAvail], 0.5)
	return s
}

var (
	scorers     sync.Map // Weights → *scorer
	scorerCount atomic.Int32
)

// scorerFor returns the (shared) scorer for w.
func scorerFor(w Weights) *scorer {
	if s, ok := scorers.Load(w); ok {
		return s.(*scorer)
	}
	s := newScorer(w)
	if scorerCount.Load() < 256 {
		scorerCount.Add(1)
		scorers.Store(w, s)
	}
	return s
}

func (s *scorer) jaccard(t, i, a, b int) int32 {
	if a < jacSize && b < jacSize {
		return s.jac[t][i<<6|a<<3|b]
	}
	return milliOf(s.wn[jacComp[t]], jaccardOf(i, a, b))
}

// agePoints are the age points for ages a and b (0 or less: unknown).
func (s *scorer) agePoints(a, b int) int32 {
	if a <= 0 || b <= 0 {
		return s.age[26]
	}
	return s.age[min(abs(a-b), 25)]
}

// spiritPoints are the spirituality points for a pair of the same
// tradition (same) or else of outlooks oa and ob.
func (s *scorer) spiritPoints(same bool, oa, ob int8) int32 {
	switch {
	case same:
		return s.spirit[0]
	case oa != orientUnknown && oa == ob:
		return s.spirit[1]
	case oa == orientUnknown || ob == orientUnknown:
		return s.spirit[2]
	}
	return s.spirit[3]
}

// langPoints are the language points for i languages shared out of a and b.
func (s *scorer) langPoints(i, a, b int) int32 {
	switch {
	case a == 0 || b == 0:
		return s.lang[1]
	case i > 0:
		return s.lang[2]
	}
	return s.lang[0]
}

// availabilityPoints are the availability points for i hours shared out of a and b.
func (s *scorer) availabilityPoints(i, a, b int) int32 {
	if a == 0 || b == 0 {
		return s.availUnk
	}
	return milliOf(s.wn[cAvail], float64(i)/float64(min(a, b)))
}

// parts gives each component's points.
func (s *scorer) parts(f *features) [numComp]int32 {
	var p [numComp]int32
	p[cAge] = s.agePoints(f.ageA, f.ageB)
	p[cFamily] = s.jaccard(0, f.famI, f.famA, f.famB)
	p[cSpirit] = s.spiritPoints(f.spiritSame, f.orientA, f.orientB)
	p[cPathway] = s.jaccard(1, f.pathI, f.pathA, f.pathB)
	p[cCirc] = s.jaccard(2, f.circI, f.circA, f.circB)
	p[cSubstance] = s.jaccard(3, f.subI, f.subA, f.subB)
	p[cGender] = s.gender[f.gender+1]
	p[cLanguage] = s.langPoints(f.langI, f.langA, f.langB)
	p[cAvail] = s.availabilityPoints(f.availI, f.availA, f.availB)
	return p
}

// total is the score in thousandths of a point, 0..100000.
func (s *scorer) total(f *features) int64 {
	p := s.parts(f)
	var t int64
	for _, x := range p {
		t += int64(x)
	}
	return min(max(t, 0), 100000)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// ---- Token classes ----

// isFamily tells family-situation circumstances from the others.
func isFamily(c string) bool {
	switch c {
	case "parent", "young-children", "teen-children", "adult-children", "single-parent", "grandparent",
		"caregiver", "pregnant", "expecting", "married", "partnered", "divorced", "separated", "widowed",
		"foster-parent", "kinship-carer":
		return true
	}
	return false
}

func isSecular(s string) bool {
	switch s {
	case "none", "secular", "atheist", "agnostic", "humanist", "not-religious", "non-religious":
		return true
	}
	return false
}

func orientation(p *Person) int8 {
	if p.Spirituality != "" {
		if isSecular(p.Spirituality) {
			return orientSecular
		}
		return orientFaith
	}
	for _, c := range p.Circumstances {
		if c == "spiritual" {
			return orientFaith
		}
	}
	secular := false
	for _, pw := range p.Pathways {
		if pw == "faith-based" {
			return orientFaith
		}
		secular = secular || pw == "secular"
	}
	if secular {
		return orientSecular
	}
	return orientUnknown
}

// splitTokens gives p's distinct family tokens (Family plus family
// circumstances) and other circumstances ("spiritual" counts under spirituality).
func splitTokens(p *Person, fam, circ []string) ([]string, []string) {
	if p.Family != "" {
		fam = append(fam, p.Family)
	}
	for _, c := range p.Circumstances {
		switch {
		case c == "spiritual" || c == "":
		case isFamily(c):
			if !contains(fam, c) {
				fam = append(fam, c)
			}
		default:
			if !contains(circ, c) {
				circ = append(circ, c)
			}
		}
	}
	return fam, circ
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func distinct(list []string) []string {
	return distinctTo(make([]string, 0, len(list)), list)
}

// distinctTo appends the distinct non-empty tokens of list to out.
func distinctTo(out, list []string) []string {
	for _, x := range list {
		if x != "" && !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// countAgainst counts the distinct non-empty tokens of list and how many of
// them are in set (which is already distinct).
func countAgainst(set, list []string) (inter, n int) {
	for i, x := range list {
		if x == "" || contains(list[:i], x) {
			continue
		}
		n++
		if contains(set, x) {
			inter++
		}
	}
	return inter, n
}

// ---- One mentee against many mentors ----

// menteeView is a mentee prepared once for scoring against many mentors.
type menteeView struct {
	p                             *Person
	langs, paths, subs, fam, circ []string
	orient                        int8
	avail                         week
	availN                        int
	zone                          *zoneTable
}

func newMenteeView(p *Person) *menteeView {
	v := new(menteeView)
	v.init(p, nil)
	return v
}

// init prepares v for mentee p, keeping its token lists in buf when they
// fit (buf may be nil).
func (v *menteeView) init(p *Person, buf *[5][8]string) {
	if buf == nil {
		buf = new([5][8]string)
	}
	*v = menteeView{p: p, orient: orientation(p)}
	v.langs = distinctTo(buf[0][:0], p.Languages)
	v.paths = distinctTo(buf[1][:0], p.Pathways)
	v.subs = distinctTo(buf[2][:0], p.Substances)
	v.fam, v.circ = splitTokens(p, buf[3][:0], buf[4][:0])
	v.zone = zoneSlots(p.Timezone)
	v.avail, v.availN = personWeek(p, v.zone)
}

func (v *menteeView) mentorAvail(m *Person, zm *zoneMemo) (week, int) {
	if len(m.Availability) == 0 {
		return week{}, 0
	}
	return personWeek(m, zm.get(m.Timezone))
}

// failures returns the hard constraints m fails for this mentee (all of
// them if all is set, else stopping at the first) and m's week.
func (v *menteeView) failures(m *Person, zm *zoneMemo, all bool) (mask uint8, mb week, mn int) {
	p := v.p
	if contains(p.Blocked, m.ID) || contains(m.Blocked, p.ID) {
		if mask |= failBlocked; !all {
			return
		}
	}
	if m.Capacity <= 0 {
		if mask |= failCapacity; !all {
			return
		}
	}
	if p.Require.Language {
		if i, _ := countAgainst(v.langs, m.Languages); i == 0 {
			if mask |= failLanguage; !all {
				return
			}
		}
	}
	if g := p.Require.MentorGender; g != "" && m.Gender != g {
		if mask |= failGender; !all {
			return
		}
	}
	if p.Require.Pathway {
		if i, _ := countAgainst(v.paths, m.Pathways); i == 0 {
			if mask |= failPathway; !all {
				return
			}
		}
	}
	mb, mn = v.mentorAvail(m, zm)
	if v.availN > 0 && mn > 0 && !v.avail.meets(&mb) {
		mask |= failAvailability
	}
	return
}

func (v *menteeView) features(m *Person, mn int, mb week) features {
	p := v.p
	f := features{ageA: p.Age, ageB: m.Age, orientA: v.orient, orientB: orientation(m)}
	f.spiritSame = p.Spirituality != "" && p.Spirituality == m.Spirituality
	var fb, cb [8]string
	fam, circ := splitTokens(m, fb[:0], cb[:0])
	f.famA, f.circA = len(v.fam), len(v.circ)
	f.famI, f.famB = countAgainst(v.fam, fam)
	f.circI, f.circB = countAgainst(v.circ, circ)
	f.pathA, f.subA, f.langA = len(v.paths), len(v.subs), len(v.langs)
	f.pathI, f.pathB = countAgainst(v.paths, m.Pathways)
	f.subI, f.subB = countAgainst(v.subs, m.Substances)
	f.langI, f.langB = countAgainst(v.langs, m.Languages)
	f.gender = genderMatch(p.Gender, p.Require.MentorGender, m.Gender)
	f.availA, f.availB = v.availN, mn
	if v.availN > 0 && mn > 0 {
		f.availI = v.avail.common(&mb)
	}
	return f
}

func genderMatch(own, required, mentor string) int8 {
	switch {
	case required != "":
		if mentor == required {
			return 1
		}
		return -1
	case own == "" || mentor == "":
		return 0
	case own == mentor:
		return 1
	}
	return -1
}
