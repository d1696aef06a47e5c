package model

import (
	"strings"
	"time"
)

// SafetyPlan is a person's own plan for a hard time, in their words, in
// the steps a crisis safety plan takes (Stanley and Brown): the signs that
// one is coming, what helps on their own, people and places that take
// their mind off it, people to ask for help, professionals and services,
// making where they are safer, and what matters most to them. Only its
// writer reads it.
type SafetyPlan struct {
	WarningSigns  string    `json:"warning_signs"`
	Coping        string    `json:"coping"`
	Distractions  string    `json:"distractions"`
	People        string    `json:"people"`
	Professionals string    `json:"professionals"`
	SafePlace     string    `json:"safe_place"`
	Reasons       string    `json:"reasons"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// SafetyPlanParts are the plan's parts as forms and pages name them, in
// the order they are written and read.
var SafetyPlanParts = []string{"warning_signs", "coping", "distractions", "people", "professionals", "safe_place", "reasons"}

// SafetyPlanPartMax is how long each part may be, in characters.
const SafetyPlanPartMax = 2000

// Part returns a pointer to the part named name (one of SafetyPlanParts),
// nil for any other name.
func (p *SafetyPlan) Part(name string) *string {
	switch name {
	case "warning_signs":
		return &p.WarningSigns
	case "coping":
		return &p.Coping
	case "distractions":
		return &p.Distractions
	case "people":
		return &p.People
	case "professionals":
		return &p.Professionals
	case "safe_place":
		return &p.SafePlace
	case "reasons":
		return &p.Reasons
	}
	return nil
}

// Empty reports whether no part has words.
func (p *SafetyPlan) Empty() bool {
	for _, n := range SafetyPlanParts {
		if *p.Part(n) != "" {
			return false
		}
	}
	return true
}

// Validate trims each part and checks its length. Errors: invalid, by part.
func (p *SafetyPlan) Validate() error {
	fe := FieldErrors{}
	for _, n := range SafetyPlanParts {
		v := p.Part(n)
		*v = strings.TrimSpace(*v)
		checkLen(fe, n, *v, SafetyPlanPartMax)
	}
	return fe.Err()
}
