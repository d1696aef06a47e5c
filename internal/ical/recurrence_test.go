package ical

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// fieldErrors returns the per-field messages of an invalid-kind error, failing
// the test when err is of another shape.
func fieldErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	var e *model.Error
	if !errors.As(err, &e) || e.Kind != model.KindInvalid {
		t.Fatalf("want an invalid-kind *model.Error, got %T %v", err, err)
	}
	return e.Fields
}

func TestRecurrenceValidate(t *testing.T) {
	until := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	var zero time.Time
	tue := []time.Weekday{time.Tuesday}
	tests := []struct {
		name  string
		r     Recurrence
		field string // "" when valid
		msg   string // a part of the message a person reads
	}{
		{"once", Recurrence{Freq: Once}, "", ""},
		{"weekly", Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Monday, time.Wednesday}}, "", ""},
		{"weekly interval 0 means every week", Recurrence{Freq: Weekly, Weekdays: tue, Interval: 0}, "", ""},
		{"weekly every 52 weeks", Recurrence{Freq: Weekly, Weekdays: tue, Interval: 52}, "", ""},
		{"monthly last friday", Recurrence{Freq: Monthly, Weekdays: []time.Weekday{time.Friday}, MonthWeek: -1}, "", ""},
		{"monthly 4th", Recurrence{Freq: Monthly, Weekdays: tue, MonthWeek: 4, Until: &until}, "", ""},
		{"with count", Recurrence{Freq: Weekly, Weekdays: tue, Count: 10}, "", ""},

		{"no freq", Recurrence{}, "freq", `choose how the meeting repeats: "once", "weekly" or "monthly"`},
		{"unknown freq", Recurrence{Freq: "daily"}, "freq", `"daily" is not a repeat option`},
		{"weekly without days", Recurrence{Freq: Weekly}, "weekdays", "pick at least one day of the week"},
		{"weekday out of range", Recurrence{Freq: Weekly, Weekdays: []time.Weekday{9}}, "weekdays", "9 is not a day of the week"},
		{"weekday twice", Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Monday, time.Monday}}, "weekdays", "Monday is picked more than once"},
		{"weekly interval too big", Recurrence{Freq: Weekly, Weekdays: tue, Interval: 53}, "interval", "repeat every 1 to 52 weeks"},
		{"weekly interval negative", Recurrence{Freq: Weekly, Weekdays: tue, Interval: -1}, "interval", "repeat every 1 to 52 weeks"},
		{"weekly with month week", Recurrence{Freq: Weekly, Weekdays: tue, MonthWeek: 2}, "month_week", "only monthly meetings have a week of the month"},
		{"monthly without day", Recurrence{Freq: Monthly, MonthWeek: 2}, "weekdays", "pick exactly one day of the week"},
		{"monthly two days", Recurrence{Freq: Monthly, Weekdays: []time.Weekday{time.Monday, time.Friday}, MonthWeek: 2}, "weekdays", "pick exactly one day of the week"},
		{"monthly week 5", Recurrence{Freq: Monthly, Weekdays: tue, MonthWeek: 5}, "month_week", "choose the 1st, 2nd, 3rd, 4th or last week of the month"},
		{"monthly week 0", Recurrence{Freq: Monthly, Weekdays: tue}, "month_week", "choose the 1st, 2nd, 3rd, 4th or last week of the month"},
		{"monthly week -2", Recurrence{Freq: Monthly, Weekdays: tue, MonthWeek: -2}, "month_week", "choose the 1st, 2nd, 3rd, 4th or last week"},
		{"monthly interval too big", Recurrence{Freq: Monthly, Weekdays: tue, MonthWeek: 1, Interval: 13}, "interval", "repeat every 1 to 12 months"},
		{"until and count", Recurrence{Freq: Weekly, Weekdays: tue, Until: &until, Count: 3}, "until", "choose either an end date or a number of meetings, not both"},
		{"zero until", Recurrence{Freq: Weekly, Weekdays: tue, Until: &zero}, "until", "choose an end date, or leave it empty"},
		{"negative count", Recurrence{Freq: Weekly, Weekdays: tue, Count: -1}, "count", "can't be negative"},
		{"huge count", Recurrence{Freq: Weekly, Weekdays: tue, Count: MaxCount + 1}, "count", "at most 1,000 meetings"},
		{"once with days", Recurrence{Freq: Once, Weekdays: tue}, "weekdays", "a one-time meeting has no repeat days"},
		{"once with interval", Recurrence{Freq: Once, Interval: 2}, "interval", "a one-time meeting does not repeat"},
		{"once with month week", Recurrence{Freq: Once, MonthWeek: 1}, "month_week", "a one-time meeting has no week of the month"},
		{"once with count", Recurrence{Freq: Once, Count: 2}, "until", "a one-time meeting has no end date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want a %s error", tt.field)
			}
			fields := fieldErrors(t, err)
			if got := fields[tt.field]; !strings.Contains(got, tt.msg) {
				t.Errorf("%s message = %q, want it to contain %q (all: %v)", tt.field, got, tt.msg, fields)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Error() = %q does not show the message", err)
			}
		})
	}
}

func TestRecurrenceValidateReportsEveryField(t *testing.T) {
	until := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := Recurrence{Freq: Monthly, Interval: 99, MonthWeek: 7, Until: &until, Count: 2}.Validate()
	fields := fieldErrors(t, err)
	for _, f := range []string{"weekdays", "interval", "month_week", "until"} {
		if fields[f] == "" {
			t.Errorf("no message for %s in %v", f, fields)
		}
	}
}

func TestParseWeekday(t *testing.T) {
	tests := []struct {
		in   string
		want time.Weekday
	}{
		{"mon", time.Monday}, {"Monday", time.Monday}, {"MON", time.Monday}, {" tue ", time.Tuesday},
		{"tues", time.Tuesday}, {"wed", time.Wednesday}, {"Thursday", time.Thursday}, {"thurs", time.Thursday},
		{"fri", time.Friday}, {"sat", time.Saturday}, {"sun", time.Sunday}, {"SU", time.Sunday}, {"mo", time.Monday},
		{"lun", time.Monday}, {"mar", time.Tuesday}, {"mié", time.Wednesday}, {"MIÉ", time.Wednesday},
		{"miercoles", time.Wednesday}, {"jue", time.Thursday}, {"vie", time.Friday}, {"sáb", time.Saturday},
		{"Sábado", time.Saturday}, {"dom", time.Sunday}, {"Domingo", time.Sunday},
	}
	for _, tt := range tests {
		got, err := ParseWeekday(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseWeekday(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "m", "funday", "7", "monday!"} {
		_, err := ParseWeekday(bad)
		if err == nil {
			t.Errorf("ParseWeekday(%q) = nil error", bad)
			continue
		}
		if model.ErrorKind(err) != model.KindInvalid || !strings.Contains(err.Error(), "use mon, tue, wed, thu, fri, sat or sun") {
			t.Errorf("ParseWeekday(%q) error = %q, want an invalid error listing the days", bad, err)
		}
	}
}

func TestRRuleValue(t *testing.T) {
	chi := mustLoad(t, "America/Chicago")
	until := time.Date(2026, 12, 31, 0, 0, 0, 0, chi)
	endOfUntil := wallTime(dayOf(until).AddDate(0, 0, 1), 0, 0, 0, chi).Add(-time.Second)
	tests := []struct {
		r    Recurrence
		want string
	}{
		{Recurrence{Freq: Once}, ""},
		{Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Wednesday, time.Monday}}, "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE"},
		{Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Sunday, time.Saturday}, Interval: 2}, "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=SA,SU"},
		{Recurrence{Freq: Monthly, Weekdays: []time.Weekday{time.Tuesday}, MonthWeek: 2}, "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU"},
		{Recurrence{Freq: Monthly, Weekdays: []time.Weekday{time.Friday}, MonthWeek: -1, Count: 6}, "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR;COUNT=6"},
		{Recurrence{Freq: Weekly, Weekdays: []time.Weekday{time.Thursday}, Until: &until}, "FREQ=WEEKLY;INTERVAL=1;BYDAY=TH;UNTIL=20270101T055959Z"},
	}
	for _, tt := range tests {
		if got := tt.r.rrule(endOfUntil); got != tt.want {
			t.Errorf("rrule(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}
