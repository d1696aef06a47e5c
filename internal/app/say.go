package app

import (
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/recovery"
)

// say is catalog message id with its fields (key, value pairs) as a
// message for a person built with values: a page writes it in its
// reader's language, the API answers its English words, written here by
// the English catalog. A field's value may be another say, written in
// the reader's language too: say("apperrf.mfa_role_keeps", "Role", roleWord(r)).
func say(id string, args ...any) *model.Msg {
	m := model.NewMsg(id, "", args...)
	m.English = i18n.For(i18n.DefaultCode).Say(m)
	return m
}

// Say is say for the HTTP layer's own refusals.
func Say(id string, args ...any) *model.Msg { return say(id, args...) }

// RoleWord is roleWord for the HTTP layer.
func RoleWord(role string) *model.Msg { return roleWord(role) }

// errSay is an error of kind whose message is say(id, args...).
func errSay(kind model.Kind, id string, args ...any) *model.Error {
	return model.ErrMsg(kind, say(id, args...))
}

// longDate is t's day in full, "2 January 2026" ("2 de enero de 2026").
func longDate(t time.Time) *model.Msg {
	return say("date.long", "Day", t.Day(), "Month", say("date.month."+strings.ToLower(t.Month().String()[:3])), "Year", t.Year())
}

// dateWords is a calendar date in full, as longDate writes it: "8
// December 2026" ("8 de diciembre de 2026"), not "2026-12-08".
func dateWords(d recovery.Date) *model.Msg {
	return longDate(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC))
}

// zoneClock is t's time of day in t's zone with the zone's abbreviation,
// "21:00 CST", written in the reader's language (i18n.Lang.ZoneClock).
func zoneClock(t time.Time) i18n.ZoneClockField { return i18n.ZoneClockField(t) }

// roleWord is the catalog message naming a site or organization role
// ("role.mentor", "role.client"), for a message that names one.
func roleWord(role string) *model.Msg { return say("role." + role) }

// ReaderOf is the language u reads, with their clock: the one they chose,
// else the one usual in their language in their profile's country
// (i18n.Lang.Reader). Every email, notification and push to u is written
// in it.
func ReaderOf(u *model.User) *i18n.Lang {
	return i18n.For(u.Language).Reader(u.Clock, u.ClockRegion)
}

// APIWords is the API's language, English, on u's clock (ReaderOf), for
// the words the API answers u with beside its RFC 3339 values.
func APIWords(u *model.User) *i18n.Lang {
	return i18n.For(i18n.DefaultCode).Reader(u.Clock, u.ClockRegion)
}
