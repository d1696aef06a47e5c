// Package i18n holds every word Kinship shows a person, in one message
// catalog per language (locales/<tag>.toml, embedded), read through
// github.com/nicksnyder/go-i18n with CLDR plural rules. A language is added
// by adding its catalog file: the list of languages is the list of files.
//
// Each message has an ID ("nav.home"), the English text and a description
// for translators. Templates call {{t "nav.home"}}; Go code calls
// i18n.For(lang).T("nav.home"). A message's text may hold {{.Name}} fields,
// given as key/value pairs: T("groups.members", "Count", 3). The key
// "Count" also chooses the plural form.
package i18n

import (
	"embed"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/kinshiprecovery/kinship/internal/zones"
)

//go:embed locales/*.toml
var localeFS embed.FS

// DefaultCode is the language of the source catalog and the fallback for
// a message a catalog lacks.
const DefaultCode = "en"

// PseudoCode is the pseudo-locale tests render pages in: English with
// accented letters inside ⟦ ⟧, so text that skipped the catalog stands out.
// It is never offered to people.
const PseudoCode = "en-XA"

// Lang is one language's messages and formats.
type Lang struct {
	Code string // BCP 47, as written in <html lang>: "en", "es"
	Tag  language.Tag
	loc  *goi18n.Localizer
	// msgs holds the language's own messages by ID (its file's), for
	// tests and the extraction command.
	msgs map[string]*goi18n.Message
	// plain keeps what T said for an ID given no fields: the same every
	// time, and asked for many times on every page (a chat page of 50
	// messages asked for weekday and month names 100 times).
	plain sync.Map
	// fields keeps, by ID, the language's own text of a message whose
	// only template actions are {{.Name}} fields, cut at them (a nil
	// *fieldText for any other message): T fills those itself instead of
	// running go-i18n's text/template, which a chat page did for the
	// time of each of its 50 messages.
	fields sync.Map
	// hour12 is whether this Lang writes a 12-hour clock; other is the
	// same language with the other clock (nil for the pseudo-locale's
	// own twin until asked), so a reader's clock (Reader) is a pointer
	// away and every formatter reads it from l.
	hour12 bool
	other  *Lang
}

// Catalog is every language Kinship speaks.
type Catalog struct {
	langs   map[string]*Lang
	codes   []string // real languages, the default first
	matcher language.Matcher
	bundle  *goi18n.Bundle
	pseudo  *Lang
}

var (
	loadOnce sync.Once
	catalog  *Catalog
	loadErr  error
)

// Load returns the catalog read from the embedded files; a broken file
// panics at the first use, and the tests load it first.
func Load() *Catalog {
	loadOnce.Do(func() { catalog, loadErr = parse(localeFS) })
	if loadErr != nil {
		panic(loadErr)
	}
	return catalog
}

func parse(fsys fs.FS) (*Catalog, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.Glob(fsys, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	c := &Catalog{langs: map[string]*Lang{}, bundle: b}
	for _, n := range names {
		buf, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		mf, err := b.ParseMessageFileBytes(buf, n)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", n, err)
		}
		code := mf.Tag.String()
		l := &Lang{Code: code, Tag: mf.Tag, msgs: map[string]*goi18n.Message{}}
		for _, m := range mf.Messages {
			l.msgs[m.ID] = m
		}
		c.langs[code] = l
		c.codes = append(c.codes, code)
	}
	if c.langs[DefaultCode] == nil {
		return nil, fmt.Errorf("i18n: no %s catalog", DefaultCode)
	}
	sort.Slice(c.codes, func(i, j int) bool {
		if (c.codes[i] == DefaultCode) != (c.codes[j] == DefaultCode) {
			return c.codes[i] == DefaultCode
		}
		return c.codes[i] < c.codes[j]
	})
	tags := make([]language.Tag, len(c.codes))
	for i, code := range c.codes {
		tags[i] = c.langs[code].Tag
		c.langs[code].loc = goi18n.NewLocalizer(b, code)
	}
	c.matcher = language.NewMatcher(tags)
	for _, l := range c.langs {
		l.hour12 = l.T("locale.hours") == "12"
		l.other = l.twin()
	}
	c.pseudo = newPseudo(c.langs[DefaultCode])
	c.pseudo.hour12 = c.langs[DefaultCode].hour12
	c.pseudo.other = c.pseudo.twin()
	return c, nil
}

// Codes lists the languages people may choose, the default first.
func (c *Catalog) Codes() []string { return append([]string(nil), c.codes...) }

// Lang returns the language with this code, or nil when Kinship does not
// speak it. The pseudo-locale is returned only while EnablePseudo is on.
func (c *Catalog) Lang(code string) *Lang {
	if code == PseudoCode && pseudoOn() {
		return c.pseudo
	}
	return c.langs[code]
}

// Default is the source language.
func (c *Catalog) Default() *Lang { return c.langs[DefaultCode] }

// Supported reports whether code names a language people may choose.
func (c *Catalog) Supported(code string) bool { return c.langs[code] != nil }

// Match picks the language for a person: the first of choices (a
// member's setting, then a cookie) that Kinship speaks, else the best
// match for the browser's Accept-Language header, else the default.
func (c *Catalog) Match(acceptLanguage string, choices ...string) *Lang {
	for _, ch := range choices {
		if l := c.Lang(ch); l != nil {
			return l
		}
	}
	if acceptLanguage != "" {
		tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
		if err == nil && len(tags) > 0 {
			_, i, conf := c.matcher.Match(tags...)
			if conf != language.No {
				return c.langs[c.codes[i]]
			}
		}
	}
	return c.Default()
}

// For returns the language for code, the default when unknown or empty:
// Go code that writes to a person (an email, a push) calls
// i18n.For(recipient.Language).T(…).
func For(code string) *Lang {
	c := Load()
	if l := c.Lang(code); l != nil {
		return l
	}
	return c.Default()
}

// T returns message id in l, filling its fields from the key/value pairs
// in args; "Count" also picks the plural form, and a whole number given
// as "Count" is written with the language's grouping (3,192). An ID no catalog has comes
// back as the ID itself (the catalog test names every such ID).
func (l *Lang) T(id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := l.plain.Load(id); ok {
			return s.(string)
		}
	}
	if len(args) >= 2 {
		if s, ok := l.fill(id, args); ok {
			return s
		}
	}
	data, count := argMap(args)
	lc := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if count != nil {
		lc.PluralCount = count
		// A count is read with the language's grouping, "3,192 days",
		// while the number itself picks the plural form.
		if n, ok := count.(int); ok && (n >= 1000 || n <= -1000) {
			data["Count"] = l.Int(n)
		}
	}
	s, err := l.loc.Localize(lc)
	if err != nil && s == "" {
		return id
	}
	if len(args) == 0 && err == nil {
		l.plain.Store(id, s) // only IDs the catalog has: a bounded set
	}
	return s
}

// HTML is T for a message that holds markup given in its fields: the
// message's own text is escaped, a field that is template.HTML is kept as
// markup, any other field is escaped. {{th "footer.about" "Link" (…)}}.
func (l *Lang) HTML(id string, args ...any) template.HTML {
	data, _ := argMap(args)
	marks := map[string]string{}
	var flat []any
	for k, v := range data {
		switch x := v.(type) {
		case template.HTML:
			mark := fmt.Sprintf("\x00%d\x00", len(marks))
			marks[mark] = string(x)
			v = mark
		case string:
			mark := fmt.Sprintf("\x00%d\x00", len(marks))
			marks[mark] = html.EscapeString(x)
			v = mark
		}
		flat = append(flat, k, v)
	}
	out := html.EscapeString(l.T(id, flat...))
	for m, v := range marks {
		out = strings.ReplaceAll(out, m, v)
	}
	return template.HTML(out)
}

// argMap reads key/value pairs; a single map is taken as it is.
func argMap(args []any) (map[string]any, any) {
	data := map[string]any{}
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			for k, v := range m {
				data[k] = v
			}
			return data, data["Count"]
		}
	}
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			data[k] = args[i+1]
		}
	}
	return data, data["Count"]
}

// Translatable is a message carried as a value: its catalog ID and named
// fields (model.Msg is one, an error built with a number or a name).
type Translatable interface {
	CatalogMessage() (id string, args map[string]any)
}

// Say writes m in l; a field that is itself Translatable (a role's name
// inside a refusal), a ZoneClockField, a ClockField, a ZoneNameField or a DayTimeField, is written in l first. "Count" picks the plural form.
func (l *Lang) Say(m Translatable) string {
	id, args := m.CatalogMessage()
	if id == "" {
		// Words that need no translation (a quoted name), kept as given.
		if s, ok := m.(fmt.Stringer); ok {
			return s.String()
		}
		return ""
	}
	data := make(map[string]any, len(args))
	for k, v := range args {
		switch x := v.(type) {
		case Translatable:
			v = l.Say(x)
		case ZoneClockField:
			v = l.ZoneClock(time.Time(x))
		case ClockField:
			v = l.Clock(time.Time(x))
		case ZoneNameField:
			v = zones.LabelIn(l.Code, string(x))
		case DayTimeField:
			v = l.DayTime(x.At, x.Year)
		}
		data[k] = v
	}
	return l.T(id, data)
}

// Has reports whether l's own catalog holds id (no fallback).
func (l *Lang) Has(id string) bool {
	_, ok := l.msgs[id]
	return ok
}

// IDs lists the IDs l's own catalog holds, sorted.
func (l *Lang) IDs() []string {
	out := make([]string, 0, len(l.msgs))
	for id := range l.msgs {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Message is l's own entry for id, nil when it has none.
func (l *Lang) Message(id string) *goi18n.Message { return l.msgs[id] }

// Name is the language's name in itself ("Español"), for the switcher.
func (l *Lang) Name() string { return l.T("language.name") }

// The app's own messages (form errors, refusals) are written in English
// where they are made, and shared with the API. A person reads them in
// their language through the catalog's "apperr." messages, found by their
// English text: l.App("enter your password") is "escribe tu contraseña".
// A message the catalog lacks (one with a number or a name in it) stays as
// the app wrote it. TestAppMessagesInSource keeps each entry's English
// text the same as the app's.

var (
	appOnce  sync.Once
	appIndex map[string]string // English text -> message ID
)

// AppPrefix starts the IDs of the app's messages.
const AppPrefix = "apperr."

// AppID is the ID of the "apperr." message whose English words are s.
func AppID(s string) (string, bool) {
	appOnce.Do(indexApp)
	id, ok := appIndex[s]
	return id, ok
}

func indexApp() {
	appIndex = map[string]string{}
	en := Load().Default()
	for _, id := range en.IDs() {
		if strings.HasPrefix(id, AppPrefix) {
			appIndex[en.T(id)] = id
		}
	}
}

// App is the app's English message s in l.
func (l *Lang) App(s string) string {
	if s == "" {
		return s
	}
	appOnce.Do(indexApp)
	id, ok := appIndex[s]
	if !ok {
		// The web capitalises a message's first letter.
		if id, ok = appIndex[strings.ToLower(s[:1])+s[1:]]; !ok {
			return s
		}
	}
	return l.T(id)
}

// fieldText is a message's text cut at its fields: text[0], field[0],
// text[1], … text[len(field)].
type fieldText struct {
	text  []string
	field []string
}

// cutFields cuts s at its {{.Name}} fields; nil when s holds any other
// template action (or a field written otherwise), which go-i18n runs.
func cutFields(s string) *fieldText {
	f := &fieldText{}
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			f.text = append(f.text, s)
			return f
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return nil
		}
		name := s[i+2 : i+j]
		if len(name) < 2 || name[0] != '.' {
			return nil
		}
		for k := 1; k < len(name); k++ {
			c := name[k]
			if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || k > 1 && '0' <= c && c <= '9') {
				return nil
			}
		}
		f.text = append(f.text, s[:i])
		f.field = append(f.field, name[1:])
		s = s[i+j+2:]
	}
}

// fill writes message id with its fields from args as go-i18n would,
// when it can say so for certain: the message is in l's own catalog with
// only {{.Name}} fields, every field is given as a string or an int, and
// no "Count" asks for a plural form. ok is false otherwise, and the caller
// asks go-i18n.
func (l *Lang) fill(id string, args []any) (string, bool) {
	var f *fieldText
	if v, ok := l.fields.Load(id); ok {
		f = v.(*fieldText)
	} else {
		if m := l.msgs[id]; m != nil && m.Other != "" {
			f = cutFields(m.Other)
		}
		l.fields.Store(id, f) // only IDs of l's catalog are kept: a bounded set
	}
	if f == nil {
		return "", false
	}
	for i := 0; i+1 < len(args); i += 2 {
		if k, _ := args[i].(string); k == "Count" {
			return "", false
		}
	}
	var b strings.Builder
	for i, name := range f.field {
		b.WriteString(f.text[i])
		// The last pair with the name, as argMap keeps it.
		found := false
		for k := len(args) - 2 - len(args)%2; k >= 0; k -= 2 {
			if key, _ := args[k].(string); key != name {
				continue
			}
			switch v := args[k+1].(type) {
			case string:
				b.WriteString(v)
			case int:
				b.WriteString(strconv.Itoa(v))
			default:
				return "", false
			}
			found = true
			break
		}
		if !found {
			return "", false // go-i18n writes "<no value>"
		}
	}
	b.WriteString(f.text[len(f.field)])
	return b.String(), true
}

// twin is l with the other clock: the same messages (its caches its
// own, as a cached line may hold a time).
func (l *Lang) twin() *Lang {
	return &Lang{Code: l.Code, Tag: l.Tag, loc: l.loc, msgs: l.msgs, hour12: !l.hour12, other: l}
}
