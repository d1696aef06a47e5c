package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// The crisis lines at the foot of every page are a country's: the newer
// of the one a person chose on this device (the footer's country switch)
// and their profile's, else the one of them there is, else the instance's
// default country, else a guess from the browser (app.LinesCountry). The
// choice is kept in a cookie, with when it was made, so a visitor has it
// too; "other" is a choice of its own: no country Kinship has lines for,
// so the lines say to call the local emergency number.
//
// The newer wins because that is what the person said last: someone who
// switched the footer to Mexico while visiting, and later saved Spain as
// their profile's country, reads Spain's lines on that phone too, while a
// switch made after the save still changes this device's lines at once.
// The switch does not write the profile: the profile's country is shown to
// others as the person chose (its location visibility), and one tap at the
// foot of a page should not change what others see of them.

const (
	countryCookie = "kinship_country"
	otherCountry  = "other"
)

// chosenCountry is the country chosen on this device: a code Kinship knows,
// otherCountry, or "" when none was chosen; and when it was chosen (zero
// for a choice kept before the cookie said when).
func chosenCountry(r *http.Request) (string, time.Time) {
	c, err := r.Cookie(countryCookie)
	if err != nil {
		return "", time.Time{}
	}
	code, ms, _ := strings.Cut(c.Value, ":")
	var at time.Time
	if n, err := strconv.ParseInt(ms, 10, 64); err == nil && n > 0 {
		at = time.UnixMilli(n)
	}
	if code == otherCountry {
		return otherCountry, at
	}
	return app.CountryCode(code), at
}

// countryCookieValue is what the cookie keeps of a choice made at.
func countryCookieValue(code string, at time.Time) string {
	return code + ":" + strconv.FormatInt(at.UnixMilli(), 10)
}

// SetCountry keeps the country whose crisis lines this device shows, from
// the footer's switch, and goes back to the page it was on.
func (p *Pages) SetCountry(w http.ResponseWriter, r *http.Request) {
	f := form(r, "country", "next")
	code := app.CountryCode(f["country"])
	if f["country"] == otherCountry {
		code = otherCountry
	}
	if code == "" {
		p.render(w, r, http.StatusBadRequest, "message", view{Title: p.tr(r, "footer.country_title"), Error: p.tr(r, "footer.country_unknown")})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: countryCookie, Value: countryCookieValue(code, p.app.Now()), Path: "/", HttpOnly: true, Secure: p.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	http.Redirect(w, r, localNext(f["next"]), http.StatusSeeOther)
}

// countryOption is one country in the footer's switch, named in the
// reader's language.
type countryOption struct {
	Code, Name string
	Selected   bool
}

// countryOptions are the countries lines c can be switched to: c's own and
// those of its other countries' lines, by name, then "another country".
func countryOptions(c *app.CrisisLines, name func(string) string, other string) []countryOption {
	var out []countryOption
	if c.Country != "" {
		out = append(out, countryOption{Code: c.Country, Name: name(c.Country), Selected: true})
	}
	for _, e := range c.Elsewhere {
		if e.Country != "" && e.Country != "INTL" && e.Country != c.Country {
			out = append(out, countryOption{Code: e.Country, Name: name(e.Country)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return append(out, countryOption{Code: otherCountry, Name: other, Selected: c.Country == ""})
}
