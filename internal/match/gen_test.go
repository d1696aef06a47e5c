package match

import (
	"fmt"
	"math/rand/v2"
)

// genCohort makes a deterministic, roughly realistic cohort for tests and
// benchmarks: mostly English speakers, a quarter Spanish, US time zones,
// evenings favoured, and a minority of mentees with hard requirements.
func genCohort(seed uint64, mentees, mentors, capacity int) Cohort {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := Cohort{Mentors: make([]Person, mentors), Mentees: make([]Person, mentees)}
	for j := range c.Mentors {
		p := genPerson(r, fmt.Sprintf("m%05d", j))
		p.Capacity = capacity
		p.RecoveryYears = float64(1 + r.IntN(20))
		c.Mentors[j] = p
	}
	for i := range c.Mentees {
		p := genPerson(r, fmt.Sprintf("e%05d", i))
		p.Require.Language = r.Float64() < 0.3
		p.Require.Pathway = r.Float64() < 0.2
		if r.Float64() < 0.25 {
			p.Require.MentorGender = p.Gender
		}
		c.Mentees[i] = p
	}
	// A few blocks, both ways.
	for range mentees / 100 {
		i, j := r.IntN(mentees), r.IntN(max(mentors, 1))
		if mentors > 0 {
			if r.IntN(2) == 0 {
				c.Mentees[i].Blocked = append(c.Mentees[i].Blocked, c.Mentors[j].ID)
			} else {
				c.Mentors[j].Blocked = append(c.Mentors[j].Blocked, c.Mentees[i].ID)
			}
		}
	}
	return c
}

var (
	genPathways      = []string{"12-step", "smart", "faith-based", "secular", "medication-supported", "harm-reduction"}
	genSubstances    = []string{"alcohol", "opioids", "stimulants", "cannabis", "benzodiazepines"}
	genZones         = []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix", "Pacific/Honolulu", "Europe/London"}
	genCircumstances = []string{"parent", "young-children", "veteran", "lgbtq", "spiritual", "employed", "student", "single-parent", "rural"}
	genGenders       = []string{"woman", "man", "woman", "man", "nonbinary"}
	genSpirits       = []string{"", "", "christian", "muslim", "jewish", "spiritual", "none", "buddhist"}
	genFamilies      = []string{"", "", "", "single-parent", "married", "young-children", "divorced"}
	genParts         = []string{"morning", "afternoon", "evening", "evening", "evening", "night"}
)

func pick(r *rand.Rand, from []string, n int) []string {
	var out []string
	for range n {
		s := from[r.IntN(len(from))]
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func genPerson(r *rand.Rand, id string) Person {
	p := Person{
		ID:            id,
		Pathways:      pick(r, genPathways, 1+r.IntN(2)),
		Substances:    pick(r, genSubstances, 1+r.IntN(2)),
		Gender:        genGenders[r.IntN(len(genGenders))],
		Age:           18 + r.IntN(55),
		Timezone:      genZones[r.IntN(len(genZones))],
		Circumstances: pick(r, genCircumstances, r.IntN(4)),
		Spirituality:  genSpirits[r.IntN(len(genSpirits))],
		Family:        genFamilies[r.IntN(len(genFamilies))],
	}
	if r.Float64() < 0.9 {
		p.Languages = append(p.Languages, "en")
	}
	if len(p.Languages) == 0 || r.Float64() < 0.25 {
		p.Languages = append(p.Languages, "es")
	}
	if r.Float64() < 0.05 {
		p.Languages = append(p.Languages, []string{"vi", "zh", "fr", "ht"}[r.IntN(4)])
	}
	for range 3 + r.IntN(5) {
		s := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}[r.IntN(7)] + "-" + genParts[r.IntN(len(genParts))]
		if !contains(p.Availability, s) {
			p.Availability = append(p.Availability, s)
		}
	}
	return p
}
