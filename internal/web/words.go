package web

import "strings"

// Words a person reads in place of the codes the app stores. A code with no
// words here is shown with its underscores turned to spaces, never raw.

var roleWords = map[string]string{
	"member": "member", "mentor": "mentor", "facilitator": "facilitator", "moderator": "moderator",
	"org_admin": "organization admin", "site_admin": "site admin",
	// Places in an organization.
	"admin": "admin", "staff": "staff", "client": "client", "alumni": "alumni",
}

// roleName names a role: "site admin" for site_admin.
func roleName(role string) string { return wordsFor(roleWords, role) }

// urgency says how urgent a severity from 1 to 5 is.
func urgency(severity int) string {
	switch {
	case severity >= 5:
		return "most urgent"
	case severity == 4:
		return "urgent"
	case severity == 3:
		return "serious"
	case severity == 2:
		return "less urgent"
	}
	return "least urgent"
}

var thingWords = map[string]string{
	"message": "a message", "post": "a post", "comment": "a comment", "resource": "a suggested resource", "user": "a profile",
	// Where the safety check read something.
	"chat": "a chat message", "dm": "a direct message", "checkin_note": "a check-in note", "bio": "a profile", "group": "a group or post",
	"feedback": "feedback",
}

// thing names what a report or a flag is about: "a post".
func thing(kind string) string { return wordsFor(thingWords, kind) }

var yourThingWords = map[string]string{
	"message": "one of your messages", "post": "one of your posts", "comment": "one of your comments", "resource": "a resource you suggested", "user": "your profile",
}

var actionWords = map[string]string{
	"hide": "hid", "remove": "removed", "warn": "sent you a warning about", "suspend": "suspended your account from writing for 7 days over",
	"ban": "banned your account from writing over",
}

// moderatorDid says what a moderator did to someone's content: "A
// moderator removed one of your posts".
func moderatorDid(action, targetType string) string {
	what := wordsFor(yourThingWords, targetType)
	did, ok := actionWords[action]
	if !ok {
		return "A moderator acted on " + what
	}
	return "A moderator " + did + " " + what
}

var reasonWords = func() map[string]string {
	m := map[string]string{}
	for _, o := range reportReasons {
		m[o.Value] = o.Label
	}
	return m
}()

// reportReason names the reason a report gives: "Selling drugs".
func reportReason(code string) string { return wordsFor(reasonWords, code) }

var riskWords = map[string]string{
	"suicidal": "thoughts of suicide", "self_harm": "self-harm", "overdose": "overdose", "medical_emergency": "a medical emergency",
	"hopelessness": "hopelessness", "craving": "craving", "recent_use": "recent use", "unsafe_situation": "an unsafe situation",
	"flagged": "signs of risk",
}

// risks names the kinds of risk found: "thoughts of suicide, overdose".
func risks(cats []string) string {
	out := make([]string, len(cats))
	for i, c := range cats {
		out[i] = wordsFor(riskWords, c)
	}
	return strings.Join(out, ", ")
}

func wordsFor(m map[string]string, code string) string {
	if w, ok := m[code]; ok {
		return w
	}
	return strings.ReplaceAll(code, "_", " ")
}
