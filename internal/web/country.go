package web

import (
	"net/http"
	"sort"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// The crisis lines at the foot of every page are a country's: the one a
// person chose on this device (the footer's country switch), else their
// profile's, else the instance's default country, else a guess from the
// browser (app.LinesCountry). The choice is kept in a cookie, so a visitor
// has it too; "other" is a choice of its own: no country Kinship has
// lines for, so the lines say to call the local emergency number.

const (
	countryCookie = "kinship_country"
	otherCountry  = "other"
)

// chosenCountry is the country chosen on this device: a code Kinship knows,
// otherCountry, or "" when none was chosen.
func chosenCountry(r *http.Request) string {
	c, err := r.Cookie(countryCookie)
	if err != nil {
		return ""
	}
	if c.Value == otherCountry {
		return otherCountry
	}
	return app.CountryCode(c.Value)
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
	http.SetCookie(w, &http.Cookie{Name: countryCookie, Value: code, Path: "/", HttpOnly: true, Secure: p.opts.Secure,
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
