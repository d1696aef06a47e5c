package web

import (
	"net/http"
	"strings"
	"sync"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// Crisis lines are data an admin keeps (in English), but a person in
// crisis reads them in their own language: the lines Kinship seeds have
// their name, contact and description in the catalog under
// "crisisline.<id>.", and a line whose stored English text is still the
// catalog's English is shown in the reader's language. A line an admin
// changed or added is shown as the admin wrote it, its description in the
// reader's language where the admin gave one in it. Lines that answer in
// the reader's language come first.

// linesIn returns c for a reader of l: translated where the catalog
// knows the line, and ordered for l's language. c is not changed.
func linesIn(l *i18n.Lang, c *app.CrisisLines) *app.CrisisLines {
	if c == nil {
		return nil
	}
	out := *c
	if c.Emergency != nil {
		e := lineIn(l, *c.Emergency)
		out.Emergency = &e
	}
	out.Lines = resourcesIn(l, c.Lines)
	out.Elsewhere = make([]app.CountryLines, len(c.Elsewhere))
	for i, cl := range c.Elsewhere {
		out.Elsewhere[i] = app.CountryLines{Country: cl.Country, Name: countryNameIn(l, cl.Country), Lines: resourcesIn(l, cl.Lines)}
	}
	if l.Code != i18n.DefaultCode {
		out.PreferLanguage(l.Code)
	}
	return &out
}

// resourcesIn is a list of lines for a reader of l.
func resourcesIn(l *i18n.Lang, rs []app.HelpResource) []app.HelpResource {
	out := make([]app.HelpResource, len(rs))
	for i, r := range rs {
		out[i] = lineIn(l, r)
	}
	return out
}

// lineIn is one line in l: its description in l's language where the admin
// wrote one (HelpResource.Descriptions); else, where the catalog has it
// unchanged, its own "crisisline.<id>.<field>" (name, contact, about), else (for a name or a description many lines
// share, "Emergency") any crisisline message with the same English text.
// A contact is only ever taken from the line's own message: the same
// "Call or text 988" reaches a Spanish service in the US and none in Canada.
func lineIn(l *i18n.Lang, r app.HelpResource) app.HelpResource {
	en := i18n.Load().Default()
	key, ok := shippedLineKeys()[r.ID]
	if !ok {
		key = strings.ReplaceAll(r.ID, "-", "_")
	}
	base := "crisisline." + key + "."
	contact := r.Contact
	// The admin's own words in the reader's language come before any
	// translation of the catalog's.
	about, own := r.DescriptionIn(l.Code)
	for _, f := range []struct {
		field string
		v     *string
	}{{"name", &r.Name}, {"contact", &r.Contact}, {"about", &r.Description}} {
		if own && f.field == "about" {
			r.Description = about
			continue
		}
		id := base + f.field
		if en.Has(id) && en.T(id) == *f.v {
			*f.v = l.T(id)
		} else if id, ok := sharedLineText()[f.field][*f.v]; ok && f.field != "contact" {
			*f.v = l.T(id)
		}
	}
	if r.Contact != contact {
		r.Actions = app.ContactActions(r.Contact, r.Kind)
	}
	return r
}

var (
	sharedOnce  sync.Once
	sharedTexts map[string]map[string]string
	shippedKeys map[string]string
)

// shippedLineKeys maps the ULID of each crisis line Kinship ships with
// (model.SeedID of its readable key, "us-988", since migration 28) to its
// catalog key ("us_988").
func shippedLineKeys() map[string]string {
	sharedLineText()
	return shippedKeys
}

// sharedLineText maps each field to the English text of every crisisline
// message for it, and the message's ID.
func sharedLineText() map[string]map[string]string {
	sharedOnce.Do(func() {
		sharedTexts = map[string]map[string]string{}
		shippedKeys = map[string]string{}
		en := i18n.Load().Default()
		for _, id := range en.IDs() {
			if !strings.HasPrefix(id, "crisisline.") {
				continue
			}
			if key, _, ok := strings.Cut(strings.TrimPrefix(id, "crisisline."), "."); ok {
				shippedKeys[model.SeedID(strings.ReplaceAll(key, "_", "-"))] = key
			}
			field := id[strings.LastIndexByte(id, '.')+1:]
			if sharedTexts[field] == nil {
				sharedTexts[field] = map[string]string{}
			}
			sharedTexts[field][en.T(id)] = id
		}
	})
	return sharedTexts
}

// viewerLines are lines for whoever reads r.
func (p *Pages) viewerLines(r *http.Request, c *app.CrisisLines) *app.CrisisLines {
	return linesIn(p.viewerLang(r), c)
}

// languageNames names language codes in l ("inglés, español"), for the
// languages a crisis line answers in: the catalog's name, else CLDR's (an
// admin who adds a line in German reads "alemán", not "de").
func languageNames(l *i18n.Lang, codes []string) string {
	var out []string
	for _, c := range codes {
		id := "langname." + strings.ToLower(c)
		if i18n.Load().Default().Has(id) {
			out = append(out, l.T(id))
		} else {
			out = append(out, languageNameIn(l, c))
		}
	}
	return strings.Join(out, ", ")
}

// otherLanguageNames names the codes other than l's own, for a line whose
// badge already says it answers in the reader's language; "" when l's is
// the only one.
func otherLanguageNames(l *i18n.Lang, codes []string) string {
	var others []string
	for _, c := range codes {
		if !(app.HelpResource{Languages: []string{c}}).Answers(l.Code) {
			others = append(others, c)
		}
	}
	return languageNames(l, others)
}

// linesKey names a page's lines: the node's lines as changed so far, the
// country and the reader's language.
type linesKey struct {
	gen     uint64
	country string
	lang    *i18n.Lang
}

// linesCache keeps the lines pages showed, by linesKey, for the newest
// change only (a few countries in a few languages).
type linesCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[linesKey]*app.CrisisLines
}

func (c *linesCache) get(k linesKey) *app.CrisisLines {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *linesCache) put(k linesKey, v *app.CrisisLines) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || k.gen > c.gen || len(c.m) >= 512 {
		if k.gen < c.gen {
			return // lines older than those kept
		}
		c.m, c.gen = map[linesKey]*app.CrisisLines{}, k.gen
	}
	if k.gen == c.gen {
		c.m[k] = v
	}
}
