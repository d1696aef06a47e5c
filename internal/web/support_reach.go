package web

import (
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
)

// reachSentence tells the member in plain words who their alert reached
// and how: "Your alert reached Bo on 2 devices and Cy by email." A person
// whose devices have not taken it yet is said to be reached in Kinship (or
// by email), "not yet on their devices". pending is true while some push
// is still on its way, for the page to look again. Nil reach (it could not
// be read) says nothing rather than a false "nobody".
func reachSentence(l *i18n.Lang, reached *[]app.Reached) (sentence string, pending bool) {
	if reached == nil {
		return "", false
	}
	if len(*reached) == 0 {
		return l.T("support.reach_none"), false
	}
	parts := make([]string, 0, len(*reached))
	for _, r := range *reached {
		name := ""
		if r.Name != nil {
			name = nameIn(l, *r.Name) // in the sentence's list: never a capital
		} else {
			name = l.T("support.reach_on_duty", "Count", r.People)
		}
		pending = pending || r.Queued
		switch {
		case r.Push > 0 && r.Email > 0:
			parts = append(parts, l.T("support.reach_devices_email", "Name", name, "Count", r.Push))
		case r.Push > 0:
			parts = append(parts, l.T("support.reach_devices", "Name", name, "Count", r.Push))
		case r.Email > 0 && r.Queued:
			parts = append(parts, l.T(pronounID(r.Pronoun, "support.reach_email_not_devices",
				"support.reach_email_not_devices_she", "support.reach_email_not_devices_he"), "Name", name))
		case r.Email > 0:
			parts = append(parts, l.T("support.reach_email", "Name", name))
		case r.Queued:
			parts = append(parts, l.T(pronounID(r.Pronoun, "support.reach_app_not_devices",
				"support.reach_app_not_devices_she", "support.reach_app_not_devices_he"), "Name", name))
		default:
			parts = append(parts, l.T("support.reach_app", "Name", name))
		}
	}
	return l.T("support.reached", "List", andList(l, parts)), pending
}

// andList joins parts as a sentence lists them in l: "Bo, Cy and Di".
func andList(l *i18n.Lang, parts []string) string {
	n := len(parts)
	if n < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:n-1], l.T("support.reach_comma")) + l.T("support.reach_and") + parts[n-1]
}

// pronounID is the message id for a sentence that speaks of one person:
// they (without gender: "their devices"), or she or he when the person's
// pronouns say so.
func pronounID(p model.Pronoun, they, she, he string) string {
	switch p {
	case model.PronounShe:
		return she
	case model.PronounHe:
		return he
	}
	return they
}
