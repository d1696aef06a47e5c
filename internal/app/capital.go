package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kinshiprecovery/kinship/internal/chart"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
)

func surveyAAD(userID, month string) []byte { return []byte("barc10:" + userID + ":" + month) }

// SaveCapitalSurvey stores the actor's BARC-10 answers for this month (a
// retake the same month replaces them). Errors: invalid.
func (a *App) SaveCapitalSurvey(ctx context.Context, responses []int) (*model.CapitalSurvey, bool, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, false, err
	}
	today := recovery.DateOf(a.now(), a.location(ctx, act.User.ID)).String()
	s := &model.CapitalSurvey{Month: today[:7], Responses: responses}
	if err := s.Validate(); err != nil {
		return nil, false, err
	}
	plain, err := json.Marshal(s)
	if err != nil {
		return nil, false, err
	}
	created, err := a.store.SaveCapitalSurvey(ctx, act.User.ID, s.Month, a.box.Seal(plain, surveyAAD(act.User.ID, s.Month)), a.now())
	return s, created, err
}

// CapitalView is the survey and the actor's history.
type CapitalView struct {
	Items       []string              `json:"statements"`
	Scale       []string              `json:"scale"`
	Threshold   int                   `json:"threshold"`
	Explanation string                `json:"explanation"`
	Surveys     []model.CapitalSurvey `json:"surveys"`
}

// CapitalHistory returns the BARC-10 items and the actor's past totals, oldest first.
func (a *App) CapitalHistory(ctx context.Context) (*CapitalView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	v := &CapitalView{Items: model.BARC10Items, Scale: model.BARC10Scale, Threshold: model.BARC10Threshold, Surveys: []model.CapitalSurvey{},
		Explanation: "Recovery capital is what you have going for you: relationships, health, a place to live, purpose. Totals run from 10 to 60. " +
			"In research, totals of 47 and above have been associated with sustained remission. It is a picture to notice change over time, not a grade."}
	months, sealed, err := a.store.ListCapitalSurveys(ctx, act.User.ID)
	if err != nil {
		return nil, err
	}
	for i, m := range months {
		plain, err := a.box.Open(sealed[i], surveyAAD(act.User.ID, m))
		if err != nil {
			return nil, fmt.Errorf("app: open survey %s of %s: %w", m, act.User.ID, err)
		}
		var s model.CapitalSurvey
		if err := json.Unmarshal(plain, &s); err != nil {
			return nil, err
		}
		v.Surveys = append(v.Surveys, s)
	}
	return v, nil
}

// Trend is one chart with its words and table.
type Trend struct {
	ID      string
	Line    chart.Line
	Summary string
}

// Trends returns mood, craving and recovery-capital trends over days
// (30, 90 or 365). Errors: invalid.
func (a *App) Trends(ctx context.Context, days int) ([]Trend, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if days != 30 && days != 90 && days != 365 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "choose 30, 90 or 365 days", Fields: map[string]string{"days": "choose 30, 90 or 365"}}
	}
	cs, err := a.ListCheckins(ctx, days)
	if err != nil {
		return nil, err
	}
	today := recovery.DateOf(a.now(), a.location(ctx, act.User.ID))
	first := today.AddDays(-(days - 1))
	var mood, craving []chart.Point
	for i := len(cs) - 1; i >= 0; i-- { // oldest first
		d, err := recovery.ParseDate(cs[i].Date)
		if err != nil {
			continue
		}
		x := d.Sub(first)
		label := pageDay(cs[i].Date, "2006-01-02", "2 January 2006")
		mood = append(mood, chart.Point{X: x, Y: float64(cs[i].Mood), Label: label, Day: cs[i].Date})
		craving = append(craving, chart.Point{X: x, Y: float64(cs[i].Craving), Label: label, Day: cs[i].Date})
	}
	capital, err := a.CapitalHistory(ctx)
	if err != nil {
		return nil, err
	}
	var cap []chart.Point
	for _, s := range capital.Surveys {
		d, err := recovery.ParseDate(s.Month + "-01")
		if err != nil || d.Before(first.AddDays(-31)) {
			continue
		}
		x := d.Sub(first)
		if x < 0 {
			x = 0
		}
		cap = append(cap, chart.Point{X: x, Y: float64(s.Total), Label: pageDay(s.Month, "2006-01", "January 2006"), Day: s.Month})
	}
	span := fmt.Sprintf("the last %d days", days)
	return []Trend{
		{ID: "mood", Line: chart.Line{Title: "Mood, " + span, Desc: "Mood from 1 (very low) to 5 (very good), one point per check-in.", Days: days, YMin: 1, YMax: 5, Points: mood}, Summary: chart.Summary(mood, "of 5")},
		{ID: "craving", Line: chart.Line{Title: "Craving, " + span, Desc: "Craving from 0 (none) to 10 (very strong), one point per check-in.", Days: days, YMin: 0, YMax: 10, Points: craving}, Summary: chart.Summary(craving, "of 10")},
		{ID: "capital", Line: chart.Line{Title: "Recovery capital, " + span, Desc: "BARC-10 totals from 10 to 60, one point per month.", Days: days, YMin: 10, YMax: 60, Points: cap}, Summary: chart.Summary(cap, "of 60")},
	}, nil
}

// pageDay writes a stored day (layout in) as pages write days (out):
// "4 December 2026", or "December 2026" for a month. Trends are drawn for
// pages only; the API keeps ISO dates.
func pageDay(s, in, out string) string {
	t, err := time.Parse(in, s)
	if err != nil {
		return s
	}
	return t.Format(out)
}
