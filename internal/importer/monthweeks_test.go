package importer

import (
	"reflect"
	"testing"
	"time"
)

// TestReadMonthWeeks reads the week-of-month words of real feed rows (OC,
// SF/Marin, Sussex and Edmonton, in ../shared/data/meeting-guide): a rule
// where the meeting is held on some weeks only, none where the words speak
// of a change on some weeks to a meeting held every week.
func TestReadMonthWeeks(t *testing.T) {
	for _, c := range []struct {
		name, notes string
		day         time.Weekday
		want        *MonthWeeks
	}{
		{"Steps 1-8 Workshop (2nd Sat)", "2nd Saturday", time.Saturday, &MonthWeeks{Weeks: []int{2}, Words: "2nd Sat"}},
		{"Deep Sea Beach Meeting", "Only on 3rd Saturday of each month", time.Saturday, &MonthWeeks{Weeks: []int{3}, Words: "3rd Saturday"}},
		{"DP Harbor Monthly Speaker Birthday Group", "This meeting is held on the first Sunday of each month only. GSO# 123610", time.Sunday,
			&MonthWeeks{Weeks: []int{1}, Words: "first Sunday"}},
		{`Mill Valley Cabin "First Saturday Monthly Meeting"`, "Speaker/Discussion meeting held only on the first Saturday of each month.", time.Saturday,
			&MonthWeeks{Weeks: []int{1}, Words: "First Saturday"}},
		{"Women's Literature Study", "Meets at a residence on the last Thursday of the month. Email janchristi", time.Thursday,
			&MonthWeeks{Weeks: []int{-1}, Words: "last Thursday"}},
		{"Grupo", "Primer y tercer sábado", time.Saturday, &MonthWeeks{Weeks: []int{1, 3}, Words: "Primer y tercer sábado"}},
		{"Study", "1st & 3rd Friday", time.Friday, &MonthWeeks{Weeks: []int{1, 3}, Words: "1st & 3rd Friday"}},
		{"The Common Welfare", "No meeting 2nd Thursday of the month.", time.Thursday,
			&MonthWeeks{Weeks: []int{2}, Except: true, Words: "No meeting 2nd Thursday of the month."}},
		{"Inside Out Speaker Meeting at the Beach", "We meet every other Sunday. Email for further details", time.Sunday,
			&MonthWeeks{Words: "every other Sunday"}},
		// Held every week, with something on some weeks.
		{"Came to Park", "Last Sat. has chips", time.Saturday, nil},
		{"Blackie's Pasture", "Chips last Sat.", time.Saturday, nil},
		{"Six O'Clock Sunset", "Speaker meeting the first Thursday of the month.", time.Thursday, nil},
		{"O.A.D.W.", "Men welcome 1st Monday of the month. Speaker/Discussion", time.Monday, nil},
		{"Intimate Feelings", "1st Saturday 12x12, 2nd & 3rd Speaker, If 5th Saturday", time.Saturday, nil},
		{"Capilano Step", "Basement - Open meeting is 1st Thursday of the month only. Masks are required", time.Thursday, nil},
		{"Start the Day at First Place", "", time.Monday, nil},
		{"Sunday Night 3rd Step Group", "", time.Sunday, nil},
		// A weekday other than the meeting's is not its rule.
		{"12 Steps To Serenity", "Last Monday of the month", time.Thursday, nil},
	} {
		got, ok := ReadMonthWeeks(c.name, c.notes, c.day)
		if c.want == nil {
			if ok {
				t.Errorf("%q / %q: read %+v, want no rule", c.name, c.notes, got)
			}
			continue
		}
		if !ok || !reflect.DeepEqual(got, *c.want) {
			t.Errorf("%q / %q: read %+v (%v), want %+v", c.name, c.notes, got, ok, *c.want)
		}
	}
}

func TestMonthWeeksHeld(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	second := MonthWeeks{Weeks: []int{2}}
	last := MonthWeeks{Weeks: []int{-1}}
	not2nd := MonthWeeks{Weeks: []int{2}, Except: true}
	for _, c := range []struct {
		w          MonthWeeks
		date       string
		held, sure bool
	}{
		{second, "2026-12-05", false, true}, {second, "2026-12-12", true, true}, {second, "2026-12-19", false, true},
		{last, "2026-12-26", true, true}, {last, "2026-12-19", false, true}, {last, "2027-01-30", true, true},
		{not2nd, "2026-12-10", false, true}, {not2nd, "2026-12-17", true, true},
		{MonthWeeks{Words: "every other Sunday"}, "2026-12-06", true, false},
	} {
		if held, sure := c.w.Held(day(c.date)); held != c.held || sure != c.sure {
			t.Errorf("%+v on %s: held %v sure %v, want %v %v", c.w, c.date, held, sure, c.held, c.sure)
		}
	}
}
