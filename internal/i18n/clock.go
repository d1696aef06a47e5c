package i18n

import "strings"

// Which clock a reader reads: the one they chose on their profile, else
// the usual one where they live in their language (CLDR's time formats
// for the language and their country), else the language's own
// (locale.hours: 24 hours in English and Spanish, as Kinship always
// wrote, so a reader with no country reads what they read before).

// The clock choices a profile keeps (model.User.Clock).
const (
	ClockUsual = ""   // as usual where I live
	Clock12    = "12" // 7:30 pm
	Clock24    = "24" // 19:30
)

// ValidClock reports whether c is one of the choices.
func ValidClock(c string) bool { return c == ClockUsual || c == Clock12 || c == Clock24 }

// hour12Regions are the regions whose own locale of the language writes
// its short time as h:mm a in CLDR 48 (read from ICU 78's data, the
// release that carries it: new Intl.DateTimeFormat("en-"+region,
// {timeStyle: "short"}).resolvedOptions().hour12 where resolvedOptions
// names the locale itself, over every region code). Every other region
// writes HH:mm (en-GB, en-IE, en-ZA, en-150's countries, and, in CLDR
// 48, en-NG, en-KE, en-TZ and en-UG), or has no locale of its own in the
// language and is read as the language's own clock (24 hours).
//
// Spanish: CLDR 48 gives h:mm a to es-419 and so to every Latin
// American Spanish locale, es-ES (and es-GQ) HH:mm. Kinship writes 12
// hours for es-US and es-PR only, where 12 hours is the written norm;
// elsewhere in Latin America a person's own writing and official usage
// mostly keep 24 hours (Chile, Argentina, Mexico's official time), and
// those who read 12 hours choose it on their profile. Said in clock18's
// report for whoever decides otherwise.
var hour12Regions = map[string]map[string]bool{
	"en": regionSet("AE AG AS AU BB BM BS CA CY DM ER FJ FM GD GH GM GU GY HK IN JM KI KN KY LC LR LS MH MO MP MW MY NA NZ PG PH PK PR PW SB SD SG SL SS SZ TC TO TT UM US VC VG VI VU WS ZM"),
	"es": regionSet("US PR"),
}

func regionSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, r := range strings.Fields(s) {
		m[r] = true
	}
	return m
}

// Hour12 reports whether l writes clock times with a.m./p.m.
func (l *Lang) Hour12() bool { return l.hour12 }

// WithClock is l writing a 12-hour clock when h12 is set, a 24-hour one
// otherwise.
func (l *Lang) WithClock(h12 bool) *Lang {
	if l.hour12 == h12 || l.other == nil {
		return l
	}
	return l.other
}

// base is l with its language's own clock.
func (l *Lang) base() *Lang {
	own := Load().Lang(l.Code)
	if own == nil {
		return l
	}
	return own
}

// InRegion is l writing the clock usual in region (an ISO 3166 code,
// "AU") for its language; the language's own clock when region is "" or
// has no usual clock of its own in the language.
func (l *Lang) InRegion(region string) *Lang {
	b := l.base()
	if region == "" {
		return b
	}
	set := hour12Regions[strings.SplitN(b.Code, "-", 2)[0]]
	if set == nil {
		return b
	}
	return b.WithClock(set[strings.ToUpper(region)])
}

// Reader is l as a person reads it: the clock they chose (Clock12,
// Clock24), else the one usual where they live (region, "" when not
// known).
func (l *Lang) Reader(choice, region string) *Lang {
	switch choice {
	case Clock12:
		return l.WithClock(true)
	case Clock24:
		return l.WithClock(false)
	}
	return l.InRegion(region)
}

// UsualClock is the clock usual in region for the language code:
// Clock12 or Clock24, ClockUsual ("") when region is "".
func UsualClock(code, region string) string {
	if region == "" {
		return ClockUsual
	}
	if For(code).InRegion(region).Hour12() {
		return Clock12
	}
	return Clock24
}

// AcceptRegion is the region of the first language tag in an
// Accept-Language header that names one and whose language is code's
// ("en-US,en;q=0.9" gives "US" for "en"), "" when none does.
func AcceptRegion(acceptLanguage, code string) string {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		sub := strings.Split(tag, "-")
		if len(sub) < 2 || !strings.EqualFold(sub[0], strings.SplitN(code, "-", 2)[0]) {
			continue
		}
		for _, s := range sub[1:] {
			if len(s) == 2 && isAlpha(s) {
				return strings.ToUpper(s)
			}
		}
	}
	return ""
}

func isAlpha(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// Key names l with its clock, for what is kept per language and clock
// (pages parsed with l's functions, the page script): its Code when it
// writes its language's own clock, else Code+"_h12" or Code+"_h24".
func (l *Lang) Key() string {
	own := l.base()
	if own == l || own.hour12 == l.hour12 {
		return l.Code
	}
	if l.hour12 {
		return l.Code + "_h12"
	}
	return l.Code + "_h24"
}

// ByKey is the Lang that Key named, nil when none.
func (c *Catalog) ByKey(key string) *Lang {
	code, clock, ok := strings.Cut(key, "_h")
	l := c.Lang(code)
	if l == nil || !ok {
		return l
	}
	switch clock {
	case "12":
		return l.WithClock(true)
	case "24":
		return l.WithClock(false)
	}
	return nil
}
