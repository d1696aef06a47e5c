package recovery

import (
	"testing"
	"time"
)

func d(s string) Date {
	x, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestCompute(t *testing.T) {
	cases := []struct {
		name               string
		start              string
		returns            []string
		today              string
		streak, cumulative int
		next, lastReached  string
		streakStart        string
	}{
		{"first day", "2026-11-24", nil, "2026-11-24", 0, 0, "24 hours", "", "2026-11-24"},
		{"one day", "2026-11-23", nil, "2026-11-24", 1, 1, "7 days", "24 hours", "2026-11-23"},
		{"ninety days", "2026-01-01", nil, "2026-04-01", 90, 90, "6 months", "90 days", "2026-01-01"},
		{"a year across a leap day", "2027-03-01", nil, "2028-03-01", 366, 366, "2 years", "1 year", "2027-03-01"},
		{"return to use keeps cumulative", "2026-01-01", []string{"2026-03-01"}, "2026-03-11", 9, 59 + 9, "30 days", "7 days", "2026-03-02"},
		{"return to use today", "2026-01-01", []string{"2026-02-01"}, "2026-02-01", 0, 31, "24 hours", "", "2026-02-02"},
		{"two returns, unordered, one duplicated", "2026-01-01", []string{"2026-05-01", "2026-02-01", "2026-02-01"}, "2026-05-08", 6, 31 + 88 + 6, "7 days", "24 hours", "2026-05-02"},
		{"returns outside the range ignored", "2026-01-10", []string{"2025-12-31", "2027-01-01"}, "2026-01-20", 10, 10, "30 days", "7 days", "2026-01-10"},
		{"start in the future", "2026-12-01", nil, "2026-11-24", 0, 0, "24 hours", "", "2026-12-01"},
		{"six months by calendar from 31 Aug", "2026-08-31", nil, "2027-02-28", 181, 181, "9 months", "6 months", "2026-08-31"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rs []Date
			for _, r := range c.returns {
				rs = append(rs, d(r))
			}
			st := Compute(d(c.start), rs, d(c.today))
			if st.StreakDays != c.streak || st.CumulativeDays != c.cumulative || st.StreakStart != c.streakStart {
				t.Fatalf("streak %d (from %s), cumulative %d; want %d (from %s), %d", st.StreakDays, st.StreakStart, st.CumulativeDays, c.streak, c.streakStart, c.cumulative)
			}
			if st.Next == nil || st.Next.Label != c.next {
				t.Fatalf("next %+v, want %s", st.Next, c.next)
			}
			last := ""
			if len(st.Reached) > 0 {
				last = st.Reached[len(st.Reached)-1].Label
			}
			if last != c.lastReached {
				t.Fatalf("last reached %q, want %q (%+v)", last, c.lastReached, st.Reached)
			}
		})
	}
}

// TestDaysAcrossDaylightSaving: a day is a calendar day in the person's
// zone, whatever the clocks do.
func TestDaysAcrossDaylightSaving(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	sydney, _ := time.LoadLocation("Australia/Sydney")
	// 2026-03-08 is 23 hours long in Chicago; 2026-11-01 is 25 hours.
	for _, c := range []struct {
		loc      *time.Location
		from, to time.Time
		want     int
	}{
		{chicago, time.Date(2026, 3, 7, 23, 30, 0, 0, chicago), time.Date(2026, 3, 9, 0, 30, 0, 0, chicago), 2},
		{chicago, time.Date(2026, 10, 31, 23, 0, 0, 0, chicago), time.Date(2026, 11, 1, 23, 59, 0, 0, chicago), 1},
		{sydney, time.Date(2026, 4, 4, 23, 0, 0, 0, sydney), time.Date(2026, 4, 5, 23, 0, 0, 0, sydney), 1},
	} {
		if got := DateOf(c.to, c.loc).Sub(DateOf(c.from, c.loc)); got != c.want {
			t.Errorf("%v → %v: %d days, want %d", c.from, c.to, got, c.want)
		}
	}
	// Travelling: the same instant is a different local day in two zones,
	// and each zone's count is whole.
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Date(2026, 6, 1, 20, 0, 0, 0, time.UTC)
	if DateOf(now, tokyo).Sub(DateOf(now, chicago)) != 1 {
		t.Error("Tokyo should be a day ahead of Chicago at 20:00 UTC")
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"", "2026-13-01", "01/02/2026", "2026-02-30"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func BenchmarkCompute(b *testing.B) {
	rs := []Date{d("2020-05-01"), d("2021-02-01"), d("2023-07-04")}
	for b.Loop() {
		Compute(d("2019-01-01"), rs, d("2026-11-24"))
	}
}

// TestSpan: years, months and days by calendar, meeting the milestones'
// dates exactly (3192 days from 15 March 2018 is 8 years, 8 months and
// 25 days on 10 December 2026).
func TestSpan(t *testing.T) {
	for _, c := range []struct {
		from, to   string
		y, m, days int
	}{
		{"2018-03-15", "2026-12-10", 8, 8, 25},
		{"2025-12-10", "2026-12-10", 1, 0, 0},
		{"2026-01-31", "2026-02-28", 0, 1, 0},
		{"2026-01-31", "2026-03-01", 0, 1, 1},
		{"2024-02-29", "2025-02-28", 1, 0, 0},
		{"2024-02-29", "2025-03-01", 1, 0, 1},
		{"2026-11-20", "2026-12-10", 0, 0, 20},
		{"2026-12-10", "2026-12-10", 0, 0, 0},
		{"2026-12-11", "2026-12-10", 0, 0, 0},
	} {
		y, m, days := d(c.from).Span(d(c.to))
		if y != c.y || m != c.m || days != c.days {
			t.Errorf("%s to %s: %d years, %d months, %d days; want %d, %d, %d", c.from, c.to, y, m, days, c.y, c.m, c.days)
		}
	}
	// Every milestone by the year falls on a span of whole years.
	s := Compute(d("2018-03-15"), nil, d("2026-03-15"))
	if y, m, days := s.StreakSpan(); y != 8 || m != 0 || days != 0 || s.Reached[len(s.Reached)-1].Label != "8 years" {
		t.Errorf("on the 8-year milestone: %d years, %d months, %d days, last reached %q", y, m, days, s.Reached[len(s.Reached)-1].Label)
	}
	if s := Compute(d("2018-03-15"), nil, d("2026-12-10")); s.StreakDays != 3192 {
		t.Errorf("15 March 2018 to 10 December 2026 is %d days, want 3192", s.StreakDays)
	}
}
