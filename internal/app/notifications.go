package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

func notificationAAD(id string) []byte { return []byte("notification:" + id) }

// linkSep separates a notification's text from its link inside the sealed
// payload (the link names a conversation or a post, so it is sealed too).
// Notifications stored before links have no separator.
const linkSep = "\x1e"

// msgMark starts a notification's text that is a catalog message rather
// than words: its ID and fields as JSON, written in the reader's language
// each time it is read, not in the sender's when it was made.
const msgMark = "\x02"

// noteMsg is a notification kept as a catalog message: Args are its
// fields as key, value pairs; Msgs are fields that are themselves catalog
// messages (key, message ID), written in the reader's language too; Clock
// fields (key, instant, time zone) are a time of day written as the
// reader's language writes times, in the zone the sender named; Date
// fields (the same three) a day written in full as the reader's language
// writes dates ("12 December 2026", "12 de diciembre de 2026").
type noteMsg struct {
	ID    string   `json:"id"`
	Args  []string `json:"args,omitempty"`
	Msgs  []string `json:"msgs,omitempty"`
	Clock []string `json:"clock,omitempty"`
	Date  []string `json:"date,omitempty"`
	// When fields (key, instant, time zone, "y" to write the year) are a
	// day and a time as the reader's language writes them together
	// ("martes 8 de diciembre, 19:00"), in the zone named.
	When []string `json:"when,omitempty"`
}

// note is what a notification says: always a catalog message, never
// words, so that it is written in its reader's language each time it is
// read. notify and deliver take only a note, made by noteText.
type note struct {
	m noteMsg
	// subject is the person the note names or is about (kept beside
	// it, unsealed, as the notification's subject): their account's
	// deletion erases it from whoever got it.
	subject string
	// starts is, for a meeting's reminder, when the meeting starts and the
	// reader's zone: its email says that and nothing else (meetingEmail).
	starts *meetingStart
}

// meetingStart is when a meeting starts, and the zone its reader is in.
type meetingStart struct {
	at   time.Time
	zone *time.Location
}

// startsAt marks the note as a meeting's reminder: its email says when
// the meeting starts (at, read in zone) and in how long.
func (n note) startsAt(at time.Time, zone *time.Location) note {
	n.starts = &meetingStart{at: at, zone: zone}
	return n
}

// noteText is notification message id with its fields (key, value
// pairs): noteText("notify.connection_request", "Name", "Bo").
func noteText(id string, args ...string) note {
	return note{m: noteMsg{ID: id, Args: args}}
}

// formerNotes are catalog messages no code writes any more, kept so
// that the notifications stored with them still read in their reader's
// language: an appeal decided before a reason was asked (walk15 W15-3)
// reads without one.
var formerNotes = [...]string{"notify.appeal_upheld", "notify.appeal_reversed"}

// reasonInSentence is a moderator's or facilitator's reason as a notice
// quotes it mid-sentence ("Their reason: {{.Reason}}. You can appeal"):
// without the full stop it may end with, which read "guidelines.. You".
func reasonInSentence(reason string) string {
	return strings.TrimRight(strings.TrimSpace(reason), ".")
}

// sub adds field key whose value is catalog message id, written in the
// reader's language: noteText("notify.moderation_hide", "Reason", r).sub("What", "notify.what_post").
func (n note) sub(key, id string) note {
	n.m.Msgs = append(append([]string(nil), n.m.Msgs...), key, id)
	return n
}

// about names userID as the person the note is about: the person named
// as Name, the one who needs support, the one flagged.
func (n note) about(userID string) note {
	n.subject = userID
	return n
}

// clock adds field key, the time of day of t in zone, written as the
// reader's language writes a time ("7:00 p.m. CST", "19:00 CST").
func (n note) clock(key string, t time.Time, zone *time.Location) note {
	n.m.Clock = append(append([]string(nil), n.m.Clock...), key, t.UTC().Format(time.RFC3339), zone.String())
	return n
}

// date adds field key, the day of t in zone, written in full as the
// reader's language writes a date ("12 December 2026").
func (n note) date(key string, t time.Time, zone *time.Location) note {
	n.m.Date = append(append([]string(nil), n.m.Date...), key, t.UTC().Format(time.RFC3339), zone.String())
	return n
}

// when adds field key, the day and time of t in zone, written as the
// reader's language writes them ("Tuesday 8 December, 23:30"), with the
// year when year is true.
func (n note) when(key string, t time.Time, zone *time.Location, year bool) note {
	y := ""
	if year {
		y = "y"
	}
	n.m.When = append(append([]string(nil), n.m.When...), key, t.UTC().Format(time.RFC3339), zone.String(), y)
	return n
}

// stored is the note as kept, sealed, in the notifications table.
func (n note) stored() (string, error) {
	if n.m.ID == "" {
		return "", errors.New("app: a notification without a catalog message")
	}
	b, err := json.Marshal(n.m)
	return msgMark + string(b), err
}

// pronounNotes are the notes that speak of the person they are about
// (their subject, named as Name) in the third person, with the messages
// for a subject whose pronouns say she and he: "Bo asked you to be his
// mentor" where the reader may see Bo's pronouns, "their mentor"
// otherwise. The choice is made each time the note is read, from the
// profile as it is then: nothing of it is stored with the note.
var pronounNotes = map[string][2]string{
	"notify.mentorship_request":               {"notify.mentorship_request_she", "notify.mentorship_request_he"},
	"notify.mentorship_accept":                {"notify.mentorship_accept_she", "notify.mentorship_accept_he"},
	"notify.support_closed":                   {"notify.support_closed_she", "notify.support_closed_he"},
	"notify.facilitator_heads_up_lines":       {"notify.facilitator_heads_up_lines_she", "notify.facilitator_heads_up_lines_he"},
	"notify.facilitator_heads_up_alone_lines": {"notify.facilitator_heads_up_alone_lines_she", "notify.facilitator_heads_up_alone_lines_he"},
}

// speaksOfSubject reports whether the stored note speaks of its subject
// by a pronoun (pronounNotes), so its reader's view of their pronouns is
// worth reading.
func speaksOfSubject(stored string) bool {
	rest, ok := strings.CutPrefix(stored, msgMark)
	if !ok {
		return false
	}
	var m struct {
		ID string `json:"id"`
	}
	if json.Unmarshal([]byte(rest), &m) != nil {
		return false
	}
	_, ok = pronounNotes[m.ID]
	return ok
}

// NoteIn writes a stored notification text in l: a catalog message in l's
// words, an older notification kept as words as it was written. It speaks
// of the note's subject without gender; NoteInAs follows their pronouns.
func NoteIn(l *i18n.Lang, stored string) string { return NoteInAs(l, stored, model.PronounThey) }

// NoteInAs is NoteIn speaking of the note's subject by pronoun p (the
// subject's pronouns as the reader may see them: model.Notification's
// Pronoun).
func NoteInAs(l *i18n.Lang, stored string, p model.Pronoun) string {
	rest, ok := strings.CutPrefix(stored, msgMark)
	if !ok {
		return stored
	}
	var m noteMsg
	if json.Unmarshal([]byte(rest), &m) != nil {
		return ""
	}
	if ids, ok := pronounNotes[m.ID]; ok {
		switch p {
		case model.PronounShe:
			m.ID = ids[0]
		case model.PronounHe:
			m.ID = ids[1]
		}
	}
	args := make([]any, 0, len(m.Args)+len(m.Msgs)+len(m.Clock)+len(m.Date)+len(m.When))
	for _, a := range m.Args {
		args = append(args, a)
	}
	for i := 0; i+1 < len(m.Msgs); i += 2 {
		args = append(args, m.Msgs[i], l.T(m.Msgs[i+1]))
	}
	for i := 0; i+2 < len(m.Clock); i += 3 {
		if t, ok := noteInstant(m.Clock[i+1], m.Clock[i+2]); ok {
			args = append(args, m.Clock[i], l.ZoneClock(t))
		}
	}
	for i := 0; i+2 < len(m.Date); i += 3 {
		if t, ok := noteInstant(m.Date[i+1], m.Date[i+2]); ok {
			args = append(args, m.Date[i], l.LongDate(t))
		}
	}
	for i := 0; i+3 < len(m.When); i += 4 {
		if t, ok := noteInstant(m.When[i+1], m.When[i+2]); ok {
			args = append(args, m.When[i], l.DayTime(t, m.When[i+3] == "y"))
		}
	}
	return l.T(m.ID, args...)
}

// noteInstant is a note's instant in the zone it names.
func noteInstant(instant, zone string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, instant)
	if err != nil {
		return time.Time{}, false
	}
	if loc, err := loadZone(zone); err == nil {
		t = t.In(loc)
	}
	return t, true
}

// linkFor is where a notification of kind leads when its sender named no
// page of its own.
func linkFor(kind string) string {
	switch {
	case strings.HasPrefix(kind, "partner_") || kind == "encouragement":
		return "/partners"
	case strings.HasPrefix(kind, "connection_"):
		return "/connections"
	case strings.HasPrefix(kind, "mentorship_"):
		return "/mentorship"
	case kind == "support_alert":
		return "/support/respond"
	case kind == "support_response":
		return "/support"
	case kind == "checkin_reminder":
		return "/checkin"
	case kind == "moderation_notice" || kind == "appeal_decided":
		return "/appeals"
	case kind == "resource_moderated":
		return "/resources"
	case kind == KindCrisisFlag:
		return "/moderation/crisis"
	case kind == "group_alumni":
		return "/organizations"
	case kind == "direct_message":
		return "/messages"
	case strings.HasPrefix(kind, "group_") || kind == "mention" || kind == "meeting_reminder" || kind == "message_removed" || kind == "facilitator_heads_up":
		return "/groups"
	}
	return ""
}

// notify stores an in-app notification for userID in st (a transaction
// when the caller has one). Its text is sealed: it may speak of another
// member's wellbeing.
// A member who opted in also gets an email that says only that something is waiting.
func (a *App) notify(ctx context.Context, st store.Store, userID, kind string, text note) error {
	return a.notifyAt(ctx, st, userID, kind, text, "")
}

// notifyAt is notify with the page the notification is about (a path on
// this site); "" leads to the page for its kind.
func (a *App) notifyAt(ctx context.Context, st store.Store, userID, kind string, text note, link string) error {
	_, err := a.deliver(ctx, st, userID, kind, text, link, "")
	return err
}

// reach is how one notification went out.
type reach struct {
	InApp, Email bool
	Push         int // devices
}

// deliver stores the notification, queues a push to each of the person's
// devices and the email, all by their choices and in st's transaction;
// alertID, for a support alert, lets each device's push count on the
// alert's page.
func (a *App) deliver(ctx context.Context, st store.Store, userID, kind string, n note, link, alertID string) (reach, error) {
	text, err := n.stored()
	if err != nil {
		return reach{}, err
	}
	if link == "" {
		link = linkFor(kind)
	}
	u, err := st.FindUserByID(ctx, userID)
	if err != nil {
		return reach{}, nil // erased meanwhile: nobody to tell
	}
	inApp, emailNow, pushNow := a.deliverNotice(ctx, st, u, kind)
	if !inApp {
		return reach{}, nil
	}
	id := newID()
	err = st.CreateNotification(ctx, &store.StoredNotification{ID: id, UserID: userID, Kind: kind, SubjectID: n.subject,
		Sealed: a.box.Seal([]byte(text+linkSep+link), notificationAAD(id)), CreatedAt: a.now()})
	if err != nil {
		return reach{}, err
	}
	r := reach{InApp: true}
	if pushNow {
		if r.Push, err = a.queuePushes(ctx, st, userID, id, kind, alertID); err != nil {
			return r, err
		}
	}
	if emailNow {
		l := ReaderOf(u)
		subject, body := a.noticeEmail(l, kind)
		if n.starts != nil {
			subject, body = a.meetingEmail(l, *n.starts, link)
		}
		a.send(ctx, st, mail.Message{To: u.Email, Subject: subject, Text: body})
		r.Email = true
	}
	// Open pages update their unread count (the frame carries no text).
	a.pushNotice(ctx, userID, "unread", "/notifications")
	return r, nil
}

// SetEmailNotifications turns the actor's notification emails on or off.
func (a *App) SetEmailNotifications(ctx context.Context, on bool) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.accountToChange(ctx, act); err != nil {
		return err
	}
	act.User.NotifyByEmail = on
	if err := a.store.UpdateUser(ctx, act.User); err != nil {
		return err
	}
	a.accountChanged(ctx, act.User.ID)
	return nil
}

// NotificationList is the actor's newest notifications and unread count.
type NotificationList struct {
	Notifications []model.Notification `json:"notifications"`
	Unread        int                  `json:"unread"`
	EmailOptIn    bool                 `json:"email_notifications"`
}

// ListNotifications returns the actor's 50 newest notifications.
func (a *App) ListNotifications(ctx context.Context) (*NotificationList, error) {
	l, _, err := a.NotificationsPage(ctx, firstPage(50))
	return l, err
}

// NotificationsPage returns a page of the actor's notifications, newest
// first, and where the next page starts (zero when none follows).
func (a *App) NotificationsPage(ctx context.Context, p PageRequest) (*NotificationList, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	rows, err := a.store.ListNotifications(ctx, act.User.ID, p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	rows, next := cutPage(rows, p, func(n *store.StoredNotification) store.Keyset { return store.Keyset{At: n.CreatedAt, ID: n.ID} })
	out := &NotificationList{Notifications: []model.Notification{}, EmailOptIn: act.User.NotifyByEmail}
	lang := ReaderOf(act.User)
	for _, r := range rows {
		text, err := a.box.Open(r.Sealed, notificationAAD(r.ID))
		if err != nil {
			return nil, store.Keyset{}, fmt.Errorf("app: open notification %s: %w", r.ID, err)
		}
		body, link, _ := strings.Cut(string(text), linkSep)
		if link == "" {
			link = linkFor(r.Kind)
		}
		pr := model.PronounThey
		if r.SubjectID != "" && speaksOfSubject(body) {
			pr = a.pronounFor(ctx, act.User.ID, r.SubjectID)
		}
		n := model.Notification{ID: r.ID, Kind: r.Kind, Text: NoteInAs(lang, body, pr), Stored: body,
			Pronoun: pr, Link: link, CreatedAt: r.CreatedAt, ReadAt: r.ReadAt}
		if r.Kind == "facilitator_heads_up" && r.SubjectID != "" && r.SubjectID != act.User.ID {
			// "A kind, private word can help": the way to write it,
			// beside the words that ask for it (W13-3).
			if who := a.nameAndRole(ctx, r.SubjectID); !who.former && who.name != "" {
				n.WriteTo, n.WriteName = r.SubjectID, who.name
			}
		}
		out.Notifications = append(out.Notifications, n)
	}
	out.Unread, err = a.store.CountUnread(ctx, act.User.ID)
	return out, next, err
}

// MarkNotificationRead marks one of the actor's notifications read.
// Errors: not_found (including another member's).
func (a *App) MarkNotificationRead(ctx context.Context, id string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	err = a.store.MarkNotificationRead(ctx, act.User.ID, id, a.now())
	return notFound(err, "apperrf.not_found.notification")
}

// UnreadCount counts the actor's unread notifications.
func (a *App) UnreadCount(ctx context.Context) int {
	act := ActorFrom(ctx)
	if act == nil {
		return 0
	}
	n, _ := a.store.CountUnread(ctx, act.User.ID)
	return n
}

// SetLanguage keeps the actor's language ("es"; "" to follow the
// browser's). Errors: invalid when Kinship does not speak it.
func (a *App) SetLanguage(ctx context.Context, code string) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.accountToChange(ctx, act); err != nil {
		return err
	}
	if code != "" && !i18n.Load().Supported(code) {
		return &model.Error{Kind: model.KindInvalid, Message: ReaderOf(act.User).T("language.unknown"),
			Fields: map[string]string{"language": ReaderOf(act.User).T("language.unknown")}}
	}
	act.User.Language = code
	if err := a.store.UpdateUser(ctx, act.User); err != nil {
		return err
	}
	a.accountChanged(ctx, act.User.ID)
	return nil
}

// meetingEmail is a meeting reminder's email for a reader of l: that a
// meeting they joined starts, when (on l's clock, in their zone) and in how
// many minutes, with the link to it (a path of ids). It names neither the
// meeting nor its group: a group's name can say something of a person's
// recovery to whoever sees their inbox (walk15 W15-5).
func (a *App) meetingEmail(l *i18n.Lang, s meetingStart, link string) (subject, text string) {
	at := l.ZoneClock(s.at.In(s.zone))
	mins := int(math.Round(s.at.Sub(a.now()).Minutes()))
	in := l.T("email.meeting_in_minutes", "Count", max(mins, 1))
	return l.T("email.meeting_subject", "Time", at),
		l.T("email.meeting_body", "Time", at, "In", in, "Link", a.opts.BaseURL+link, "Settings", a.opts.BaseURL+"/notifications")
}
