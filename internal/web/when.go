package web

import (
	"errors"
	"fmt"
	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/zones"
)

// whenArgs reads the template's when arguments: {{when $.Zone .CreatedAt}}
// takes a time.Time, a *time.Time or an RFC 3339 string. The older
// one-argument forms ({{date .T}}, {{shortTime .S}}) write UTC; every page
// passes the zone. ok is false when there is nothing to show.
func whenArgs(args ...any) (t time.Time, loc *time.Location, ok bool) {
	if len(args) > 0 {
		if l, isLoc := args[0].(*time.Location); isLoc || args[0] == nil {
			loc, args = l, args[1:]
		}
	}
	if len(args) != 1 {
		return t, loc, false
	}
	switch v := args[0].(type) {
	case time.Time:
		t = v
	case *time.Time:
		if v == nil {
			return t, loc, false
		}
		t = *v
	case model.Timestamp:
		t = v.Time
	case *model.Timestamp:
		if v == nil {
			return t, loc, false
		}
		t = v.Time
	case string:
		p, err := parseRFC3339(v)
		if err != nil {
			return t, loc, false
		}
		t = p
	default:
		return t, loc, false
	}
	return t, loc, !t.IsZero()
}

// zoneCookie holds a visitor's time zone, set by app.js from the browser's.
const zoneCookie = "kinship_tz"

// viewerZone is the zone to show times in: the member's own; else the
// page's tz parameter or the zone the browser told us (zoneCookie); else
// UTC, with known false so the page can say so.
func (p *Pages) viewerZone(r *http.Request) (loc *time.Location, known bool) {
	var own *time.Location
	if p.app != nil {
		own = p.app.MyZone(r.Context())
	}
	return zoneOr(r, own)
}

// zoneOr is viewerZone with the member's own zone read already (nil for
// none).
func zoneOr(r *http.Request, own *time.Location) (loc *time.Location, known bool) {
	if own != nil {
		return own, true
	}
	if l := parseZone(r.URL.Query().Get("tz")); l != nil {
		return l, true
	}
	if c, err := r.Cookie(zoneCookie); err == nil {
		name, _ := url.QueryUnescape(c.Value) // app.js writes it with encodeURIComponent
		if l := parseZone(name); l != nil {
			return l, true
		}
	}
	return time.UTC, false
}

// parseZone reads a zone as people write it, nil when it is none.
func parseZone(s string) *time.Location {
	if s == "" {
		return nil
	}
	name, ok := zones.Parse(s)
	if !ok {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// zoneLabelIn names a zone (a *time.Location or a name) for people in l,
// as CLDR does: "Pacific Time (Los Angeles)", "Hora del Pacífico (Los Ángeles)".
func zoneLabelIn(l *i18n.Lang, v any) string {
	switch z := v.(type) {
	case *time.Location:
		if z != nil {
			return zones.LabelIn(l.Code, z.String())
		}
	case string:
		if z != "" {
			return zones.LabelIn(l.Code, z)
		}
	}
	return zones.LabelIn(l.Code, "UTC")
}

// placeData fills the time zone and country fields (templates/place.html).
type placeData struct {
	Zone, Country           string // as shown: the zone's label, the country's code
	ZoneError, CountryError string
	Zones                   []zones.Zone
	Countries               []zones.Country
}

// newPlace shows a stored (or typed) zone and country in the fields, the
// lists named in l.
func newPlace(l *i18n.Lang, zone, country string, fields map[string]string) placeData {
	d := placeData{Zone: zone, Country: country, Zones: zones.AllIn(l.Code), Countries: zones.CountriesIn(l.Code), ZoneError: fields["time_zone"], CountryError: fields["country"]}
	if name, ok := zones.Parse(zone); ok {
		d.Zone = zones.LabelIn(l.Code, name)
	}
	if code, ok := zones.ParseCountry(country); ok {
		d.Country = code
	}
	return d
}

// fieldsOf is the per-field messages of err, if it has any.
func fieldsOf(err error) map[string]string {
	var e *model.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// milesCountries are where distances are read in miles.
var milesCountries = map[string]bool{"US": true, "GB": true, "LR": true, "MM": true, "PR": true, "GU": true, "VI": true, "AS": true, "MP": true, "UM": true}

// viewerCountry is the member's country; for a visitor, the country of
// the time zone their browser gave (where the phone is), else the region
// of the browser's first language (en-US); "" when none says. The zone
// comes before the language as in app.VisitorCountry: a Spanish speaker in
// Los Angeles whose browser asks for es-MX reads miles, as on the road.
func (p *Pages) viewerCountry(r *http.Request) string {
	if p.app != nil && app.ActorFrom(r.Context()) != nil {
		if c := p.app.MyCountry(r.Context()); c != "" {
			return c
		}
	}
	if loc, known := p.viewerZone(r); known {
		if c := zones.CountryOf(loc.String()); c != "" {
			return c
		}
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		subs := strings.Split(tag, "-")
		for _, s := range subs[1:] {
			if len(s) == 2 {
				if code, ok := zones.ParseCountry(s); ok {
					return code
				}
			}
		}
	}
	return ""
}

// usesMiles reports whether distances are shown in miles to this viewer.
func (p *Pages) usesMiles(r *http.Request) bool { return milesCountries[p.viewerCountry(r)] }

// distanceIn writes a distance in km for people in their unit and
// language: "2.4 miles away", "12 km away" (one decimal under 10). Like
// km, it refuses a pointer, so a template cannot print one's address.
func distanceIn(l *i18n.Lang, v any, miles bool) (string, error) {
	if err := notPointer("distance", v); err != nil {
		return "", err
	}
	km, ok := v.(float64)
	if !ok {
		return "", fmt.Errorf("distance: got %T, want float64", v)
	}
	return l.Distance(km, miles), nil
}

// dayIn is the template function day in l: {{day .Date}} takes an ISO
// day ("2026-12-19") or a time.Time and writes it for people, the same way
// on every page: "19 December 2026", "19 de diciembre de 2026" (a check-in's
// day, a recovery start, a milestone, a consent's dates). Form fields keep
// ISO dates (YYYY-MM-DD) as the date input needs. Anything else is written
// as it came, so nothing is silently lost.
func dayIn(l *i18n.Lang, v any) string {
	switch d := v.(type) {
	case model.Date:
		return dayIn(l, string(d))
	case *model.Date:
		if d == nil {
			return ""
		}
		return dayIn(l, string(*d))
	case model.Timestamp:
		return dayIn(l, d.Time)
	case string:
		if d == "" {
			return ""
		}
		if t, err := time.Parse("2006-01-02", d); err == nil {
			return l.LongDate(t)
		}
		if t, err := time.Parse("2006-01", d); err == nil { // a month
			return l.MonthYear(t)
		}
		return d
	case time.Time:
		if d.IsZero() {
			return ""
		}
		return l.LongDate(d)
	}
	return fmt.Sprint(v)
}

// dayCellIn is a check-in's day ("2026-12-08", the member's own day) as
// a row of a table of days shows it: short, so that it fits a phone's
// card on one line ("Tue 8 Dec", "mar, 8 dic"), and in full for a screen
// reader ("Tuesday 8 December 2026"), which would otherwise read the
// short words letter by letter or as other words. A value that is not a
// day is written as dayIn writes it.
func dayCellIn(l *i18n.Lang, iso string) template.HTML {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return template.HTML(template.HTMLEscapeString(dayIn(l, iso)))
	}
	return template.HTML(`<time datetime="` + iso + `"><span aria-hidden="true">` + template.HTMLEscapeString(l.Day(t)) +
		`</span><span class="visually-hidden">` + template.HTMLEscapeString(l.FullDay(t)) + `</span></time>`)
}
