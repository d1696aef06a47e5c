package i18n_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/ical"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// TestBuiltMessagesSayTheirEnglish: model and ical cannot read the
// catalog, so they write a message's English words beside its catalog
// message (model.NewMsg). Each such error, made here for real, must read
// the same in the English catalog (the API answers those words), and in
// Spanish must read as Spanish with every field filled.
func TestBuiltMessagesSayTheirEnglish(t *testing.T) {
	chi, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, chi) }
	weekly := ical.Series{UID: "u", Title: "t", Location: chi, StartLocal: at(3, 3, 19), Duration: time.Hour,
		Recurrence: ical.Recurrence{Freq: ical.Weekly, Weekdays: []time.Weekday{time.Tuesday}}}
	stale := weekly
	stale.Overrides = map[time.Time]ical.Override{at(3, 19, 19): {Start: at(3, 20, 19)}}
	stale.Cancelled = []time.Time{at(3, 10, 20)}
	noTime := weekly
	noTime.Overrides = map[time.Time]ical.Override{at(3, 17, 19): {}}
	tooLong := weekly
	tooLong.Overrides = map[time.Time]ical.Override{at(3, 17, 19): {Start: at(3, 18, 19), Duration: 25 * time.Hour}}
	long := strings.Repeat("x", 70)
	many := make([]string, model.ListMax+1)
	for i := range many {
		many[i] = strings.Repeat("i", i+1)
	}
	_, weekdayErr := ical.ParseWeekday("someday")
	_, whenErr := ical.ParseLocal("soon", chi)
	cases := []struct {
		name string
		err  error
		es   []string // what the Spanish reader reads, somewhere in the error
	}{
		{"BARC-10 short", (&model.CapitalSurvey{Responses: []int{1, 2}}).Validate(), []string{"responde las 10 afirmaciones"}},
		{"display name long", (&model.Profile{DisplayName: long}).Validate(time.Now()), []string{"usa como máximo 50 caracteres"}},
		{"bio long", (&model.Profile{DisplayName: "Ana", Bio: strings.Repeat("b", model.BioMax+1)}).Validate(time.Now()), []string{"caracteres"}},
		{"visibility", (&model.Profile{DisplayName: "Ana", Visibility: map[string]model.Visibility{"shoe_size": "members"}}).Validate(time.Now()), []string{`no conocemos el campo "shoe_size"`}},
		{"list entry long", (&model.Profile{DisplayName: "Ana", Interests: []string{long}}).Validate(time.Now()), []string{"cada elemento tiene como máximo 60 caracteres"}},
		{"list entry unknown", (&model.Profile{DisplayName: "Ana", Pathways: []string{"wishing"}}).Validate(time.Now()), []string{`"wishing" no es ninguna de estas opciones`}},
		{"list long", (&model.Profile{DisplayName: "Ana", Interests: many}).Validate(time.Now()), []string{"anota como máximo 20 elementos"}},
		{"series count", ical.Recurrence{Freq: ical.Weekly, Weekdays: []time.Weekday{time.Tuesday}, Count: ical.MaxCount + 1}.Validate(), []string{"como máximo"}},
		{"weekday number", ical.Recurrence{Freq: ical.Weekly, Weekdays: []time.Weekday{9}}.Validate(), []string{"9 no es un día de la semana"}},
		{"weekday twice", ical.Recurrence{Freq: ical.Weekly, Weekdays: []time.Weekday{time.Monday, time.Monday}}.Validate(), []string{"elegiste lunes más de una vez"}},
		{"weekly interval", ical.Recurrence{Freq: ical.Weekly, Weekdays: []time.Weekday{time.Tuesday}, Interval: 53}.Validate(), []string{"repítela cada 1 a 52 semanas"}},
		{"monthly interval", ical.Recurrence{Freq: ical.Monthly, Weekdays: []time.Weekday{time.Tuesday}, MonthWeek: 1, Interval: 13}.Validate(), []string{"repítela cada 1 a 12 meses"}},
		{"freq", ical.Recurrence{Freq: "daily"}.Validate(), []string{`"daily" no es una opción de repetición`}},
		{"weekday word", weekdayErr, []string{`"someday" no es un día de la semana`}},
		{"date and time", whenErr, []string{`"soon" no es una fecha y hora`}},
		{"stale override and cancel", stale.Validate(), []string{"jue 2026-03-19 19:00 CDT no es una de las fechas de esta reunión", "mar 2026-03-10 20:00 CDT no es una de las fechas"}},
		{"moved without a time", noTime.Validate(), []string{"elige una nueva hora para la reunión del mar 2026-03-17 19:00 CDT"}},
		{"moved too long", tooLong.Validate(), []string{"dura como máximo 24 horas"}},
	}
	en, es := i18n.For("en"), i18n.For("es")
	checked := 0
	for _, tc := range cases {
		var e *model.Error
		if !errors.As(tc.err, &e) {
			t.Errorf("%s: no model error: %v", tc.name, tc.err)
			continue
		}
		msgs := map[string]*model.Msg{"": e.Msg}
		for k, m := range e.FieldMsgs {
			msgs[k] = m
			if e.Fields[k] != m.English {
				t.Errorf("%s: field %s says %q to the API but its message is %q", tc.name, k, e.Fields[k], m.English)
			}
		}
		var spanish []string
		for k, m := range msgs {
			if m == nil {
				continue
			}
			if got := en.Say(m); got != m.English {
				t.Errorf("%s %s: the English catalog writes %q, the code %q", tc.name, k, got, m.English)
			}
			s := es.Say(m)
			if s == m.English || strings.Contains(s, "<no value>") || strings.Contains(s, "apperrf.") {
				t.Errorf("%s %s: Spanish reads %q", tc.name, k, s)
			}
			spanish = append(spanish, s)
			checked++
		}
		all := strings.Join(spanish, " | ")
		for _, want := range tc.es {
			if !strings.Contains(all, want) {
				t.Errorf("%s: Spanish reads %q, want %q in it", tc.name, all, want)
			}
		}
	}
	if checked < len(cases) {
		t.Errorf("only %d messages checked for %d cases", checked, len(cases))
	}
	t.Logf("%d messages built in model and ical read the same in English and as Spanish", checked)
}
