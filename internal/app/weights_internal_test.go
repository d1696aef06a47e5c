package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestUnusableWeightsAreRefusedAndNeverAFault: weights that cannot plan
// (all 0, or one negative) are refused when they are set, in words that
// name the weight, and the weights in use stay; should any reach a cohort
// plan, the organization admin reads who can fix it (a conflict, in their
// language), not "something went wrong on our side".
func TestUnusableWeightsAreRefusedAndNeverAFault(t *testing.T) {
	a := New(nil, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	for w, want := range map[match.Weights]string{
		{}:                   "every weight is 0, so every pair would score 0; give at least one a weight above 0",
		{Age: 3, Family: -2}: "weight Family is -2; weights must be zero or more",
	} {
		if err := a.SetMentorshipOptions(&w, -1); err == nil || err.Error() != want {
			t.Errorf("SetMentorshipOptions(%+v) = %v, want %q", w, err, want)
		}
	}
	if a.weights != match.DefaultWeights() {
		t.Fatalf("refused weights were kept: %+v", a.weights)
	}
	if err := a.SetMentorshipOptions(&match.Weights{Language: 1}, -1); err != nil || a.weights != (match.Weights{Language: 1}) {
		t.Fatalf("weights with one above 0: %v, in use %+v", err, a.weights)
	}

	// No setter lets these in; the plan guards against them all the same.
	a.weights = match.Weights{}
	ctx := WithActor(context.Background(), &Actor{User: &model.User{ID: "admin", Role: model.RoleOrgAdmin}})
	cohort := match.Cohort{Mentees: []match.Person{{ID: "e1"}}, Mentors: []match.Person{{ID: "m1", Capacity: 1}}}
	_, err := a.PlanCohort(ctx, &cohort, nil, "optimal")
	var e *model.Error
	if !errors.As(err, &e) || e.Kind != model.KindConflict {
		t.Fatalf("plan with every weight 0: %v", err)
	}
	const en = "this instance's mentorship matching weights cannot plan a cohort; whoever runs Kinship needs to correct --match-weights (KINSHIP_MATCH_WEIGHTS): each weight 0 or more, at least one above 0"
	if e.Message != en {
		t.Errorf("the admin reads %q, want %q", e.Message, en)
	}
	if es := i18n.For("es").Say(e.Msg); es == "" || es == en {
		t.Errorf("in Spanish the admin reads %q", es)
	}
}
