package web

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// Pages get typed view values where the app's types hold pointers: a
// template reading a *bool in {{if}} sees "non-nil", not the answer, and
// printf on a *float64 prints an address. A view row carries words, so
// there is nothing left for a template to misread.

// checkinRow is one shared check-in as a mentor or program staff read it.
// Each value is the word shown, or "" when the member did not share it.
type checkinRow struct {
	Date    string
	Mood    string // "4/5"
	Craving string // "0/10"
	Used    string // "Yes" or "No"
	Note    string
}

// checkinRows turns shared check-ins into rows, reading what each pointer
// points at: a member who answered No reads "No".
func checkinRows(cs []app.SharedCheckin) []checkinRow {
	rows := make([]checkinRow, 0, len(cs))
	for _, c := range cs {
		r := checkinRow{Date: c.Date, Note: c.Note}
		if c.Mood != nil {
			r.Mood = strconv.Itoa(*c.Mood) + "/5"
		}
		if c.Craving != nil {
			r.Craving = strconv.Itoa(*c.Craving) + "/10"
		}
		if c.Used != nil {
			r.Used = yesNo(*c.Used)
		}
		rows = append(rows, r)
	}
	return rows
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// notPointer refuses a pointer (or interface holding one) given to a
// template function, so a template that passes .Used (*bool) or
// .DistanceKm (*float64) fails loudly instead of reading "non-nil".
func notPointer(fn string, v any) error {
	if v == nil {
		return fmt.Errorf("%s: got nil; give the template a typed value", fn)
	}
	if k := reflect.TypeOf(v).Kind(); k == reflect.Pointer || k == reflect.Interface {
		return fmt.Errorf("%s: got %T; give the template a typed value, not a pointer", fn, v)
	}
	return nil
}

// yesNoFunc is the template's yesno: a bool as "Yes" or "No", refusing
// anything else.
func yesNoFunc(v any) (string, error) {
	if err := notPointer("yesno", v); err != nil {
		return "", err
	}
	b, ok := v.(bool)
	if !ok {
		return "", fmt.Errorf("yesno: got %T, want bool", v)
	}
	return yesNo(b), nil
}

// kmFunc is the template's km: a distance as "0 km", "2.4 km", "12 km",
// refusing pointers.
func kmFunc(v any) (string, error) {
	if err := notPointer("km", v); err != nil {
		return "", err
	}
	f, ok := v.(float64)
	if !ok {
		return "", fmt.Errorf("km: got %T, want float64", v)
	}
	return formatKm(f), nil
}

// formatKm writes one decimal under 10 km and none above: "0 km",
// "2.4 km", "12 km".
func formatKm(f float64) string {
	prec := 1
	if f >= 10 {
		prec = 0
	}
	s := strings.TrimSuffix(strconv.FormatFloat(f, 'f', prec, 64), ".0")
	return s + " km"
}
