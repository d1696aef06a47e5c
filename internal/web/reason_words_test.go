package web

import (
	"slices"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/match"
)

func matchPerson(id string, edit func(*match.Person)) match.Person {
	p := match.Person{ID: id, Languages: []string{"en"}, Pathways: []string{"smart"}, Gender: "woman", Age: 35,
		Timezone: "America/New_York", Availability: []string{"mon-evening", "tue-evening"}, Capacity: 2}
	edit(&p)
	return p
}

// TestMatchReasonsInSpanish: a suggested mentor's reasons read in the
// reader's language: in English as the API words them, in Spanish from the
// catalog, for each kind of thing a pair can share.
func TestMatchReasonsInSpanish(t *testing.T) {
	en, es := i18n.Load().Lang("en"), i18n.Load().Lang("es")
	tests := []struct {
		mentee, mentor   func(*match.Person)
		english, spanish string
	}{
		{func(p *match.Person) { p.Spirituality = "christian" }, func(p *match.Person) { p.Spirituality = "christian" }, "shares your faith", "comparte tu fe"},
		{func(p *match.Person) { p.Spirituality = "none" }, func(p *match.Person) { p.Pathways = []string{"secular"} }, "also prefers a secular approach", "también prefiere un enfoque laico"},
		{func(p *match.Person) { p.Family = "single-parent" }, func(p *match.Person) { p.Circumstances = []string{"single-parent"} }, "also a single parent", "también cría sin pareja"},
		{func(p *match.Person) { p.Pathways = []string{"12-step"} }, func(p *match.Person) { p.Pathways = []string{"12-step"} }, "also working a 12-step program", "también sigue un programa de 12 pasos"},
		{func(p *match.Person) { p.Circumstances = []string{"lgbtq"} }, func(p *match.Person) { p.Circumstances = []string{"lgbtq"} }, "also LGBTQ+", "también LGBTQ+"},
		{func(p *match.Person) { p.Substances = []string{"alcohol"} }, func(p *match.Person) { p.Substances = []string{"alcohol"} }, "shared experience with alcohol", "experiencia compartida con alcohol"},
		{func(p *match.Person) { p.Languages = []string{"es", "en"} }, func(p *match.Person) { p.Languages = []string{"en", "es"} }, "speaks Spanish", "habla español"},
		{func(p *match.Person) { p.Availability = []string{"sat-morning", "sun-morning"} }, func(p *match.Person) { p.Availability = []string{"sat-morning", "sun-morning"} },
			"free on weekend mornings in your time zone", "libre los fines de semana por la mañana en tu zona horaria"},
		{func(p *match.Person) { p.Availability = []string{"wed-night"} }, func(p *match.Person) { p.Availability = []string{"wed-night"} },
			"free on Wednesday nights in your time zone", "libre miércoles por la noche en tu zona horaria"},
		{func(p *match.Person) { p.Availability = []string{"mon-evening", "fri-evening", "sat-morning"} }, func(p *match.Person) { p.Availability = []string{"mon-evening", "fri-evening", "sat-morning"} },
			"free on Saturday mornings and Monday and Friday evenings in your time zone", "libre sábado por la mañana y lunes y viernes al final de la tarde en tu zona horaria"},
	}
	for _, tt := range tests {
		s := match.ScorePair(match.DefaultWeights(), matchPerson("e", tt.mentee), matchPerson("m", tt.mentor))
		var english, spanish []string
		for _, r := range s.Why {
			english, spanish = append(english, reasonIn(en, r)), append(spanish, reasonIn(es, r))
		}
		if !slices.Contains(english, tt.english) || !slices.Contains(s.Reasons, tt.english) {
			t.Errorf("English reasons %q (API %q) lack %q", english, s.Reasons, tt.english)
		}
		if !slices.Contains(spanish, tt.spanish) {
			t.Errorf("Spanish reasons %q lack %q", spanish, tt.spanish)
		}
	}
}

// TestCohortCausesInSpanish: why a cohort's mentee has no mentor reads in
// Spanish, with the counts of the mentors each need rules out.
func TestCohortCausesInSpanish(t *testing.T) {
	es := i18n.Load().Lang("es")
	c := match.Cohort{
		Mentees: []match.Person{matchPerson("solo", func(p *match.Person) { p.Languages = []string{"vi"}; p.Require.Language = true }),
			matchPerson("mixed", func(p *match.Person) {
				p.Languages = []string{"es"}
				p.Require.Language = true
				p.Require.MentorGender = "man"
			})},
		Mentors: []match.Person{matchPerson("m1", func(p *match.Person) { p.Gender = "man" }), matchPerson("m2", func(p *match.Person) { p.Languages = []string{"es"}; p.Gender = "woman" })},
	}
	plan, err := match.PlanOptimal(match.DefaultWeights(), c)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range plan.Unassigned {
		got[u.Mentee] = causeIn(es, u.Cause)
	}
	if got["solo"] != "ningún mentor habla un idioma en común" {
		t.Errorf("solo: %q (%v)", got["solo"], plan.Unassigned)
	}
	if w := got["mixed"]; w != "ningún mentor cubre todas las necesidades (el idioma descarta a 1, el género pedido descarta a 1)" {
		t.Errorf("mixed: %q", w)
	}
}
