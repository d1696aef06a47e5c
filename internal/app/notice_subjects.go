package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/store"
)

// noticeSubjectsFilled is the instance setting that records when
// FillNotificationSubjects went through the notifications stored before
// they kept their subject (migration 38).
const noticeSubjectsFilled = "notification_subjects_filled"

// fillPage is how many notifications FillNotificationSubjects reads at once.
const fillPage = 500

// FillNotificationSubjects gives the notifications stored before migration
// 38, which have no subject, the person they are about where the notice
// itself says exactly who (noticeSubject): an account's deletion then
// erases them from whoever got them, not only among the people tied to
// the person (eraseNoticesOf). The text is sealed, so this is Go run at
// start-up, once: an instance setting records that it went through.
// Several nodes starting at once set the same subjects. It returns how
// many notifications it gave a subject.
func (a *App) FillNotificationSubjects(ctx context.Context) (int, error) {
	if _, err := a.store.Setting(ctx, noticeSubjectsFilled); err == nil {
		return 0, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	filled := 0
	for after := ""; ; {
		ns, err := a.store.ListSubjectlessNotifications(ctx, after, fillPage)
		if err != nil {
			return filled, err
		}
		for _, n := range ns {
			who := a.noticeSubject(ctx, n)
			if who == "" {
				continue
			}
			if err := a.store.SetNotificationSubject(ctx, n.ID, who); err != nil {
				return filled, err
			}
			filled++
		}
		if len(ns) < fillPage {
			break
		}
		after = ns[len(ns)-1].ID
	}
	now := a.now()
	return filled, a.store.SaveSetting(ctx, noticeSubjectsFilled, now.UTC().Format(time.RFC3339), now)
}

// noticeSubject is whom a stored notification is about when the notice
// says exactly who; "" when it is about no one or does not say. Its link
// names the thing: a direct message's thread (the other person in it), a
// mention's message (its author), a call for support (its member).
// Others name the person by name, who is then the one person by that name
// among those it can be: a notice to a group's facilitators, the group's
// members; a comment's notice, the post's commenters; "… is responding",
// those who answered the member's calls. The crisis notice to moderators
// names nobody; notices between people tied to each other are found by
// eraseNoticesOf while the tie stands.
func (a *App) noticeSubject(ctx context.Context, n *store.StoredNotification) string {
	text, err := a.box.Open(n.Sealed, notificationAAD(n.ID))
	if err != nil {
		return ""
	}
	body, link, _ := strings.Cut(string(text), linkSep)
	path, frag, _ := strings.Cut(link, "#")
	switch {
	case strings.HasPrefix(path, "/messages/"):
		c, err := a.store.FindConversation(ctx, strings.TrimPrefix(path, "/messages/"))
		if err != nil {
			return ""
		}
		x, y, _ := strings.Cut(c.Pair, ":")
		switch n.UserID {
		case x:
			return y
		case y:
			return x
		}
	case strings.HasPrefix(frag, "m-") && strings.HasSuffix(path, "/chat"):
		if m, err := a.store.FindMessage(ctx, strings.TrimPrefix(frag, "m-")); err == nil {
			return m.AuthorID
		}
	case strings.HasPrefix(frag, "alert-"):
		if al, err := a.store.FindSupportAlert(ctx, strings.TrimPrefix(frag, "alert-")); err == nil {
			return al.UserID
		}
	case strings.HasPrefix(path, "/groups/") && (n.Kind == "group_request" || n.Kind == "facilitator_heads_up"):
		ms, err := a.store.ListGroupMembers(ctx, strings.TrimPrefix(path, "/groups/"), "")
		if err != nil {
			return ""
		}
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.UserID)
		}
		return a.theOneNamed(ctx, body, ids)
	case n.Kind == "support_response":
		als, err := a.store.ListSupportAlerts(ctx, n.UserID, store.Keyset{}, 1000)
		if err != nil {
			return ""
		}
		var ids []string
		for _, al := range als {
			if al.ResponderID != "" {
				ids = append(ids, al.ResponderID)
			}
		}
		return a.theOneNamed(ctx, body, ids)
	case strings.HasPrefix(path, "/posts/") && n.Kind == "post_comment":
		cs, err := a.store.ListComments(ctx, strings.TrimPrefix(path, "/posts/"), store.Keyset{}, 1000)
		if err != nil {
			return ""
		}
		var ids []string
		for _, c := range cs {
			if c.AuthorID != n.UserID {
				ids = append(ids, c.AuthorID)
			}
		}
		return a.theOneNamed(ctx, body, ids)
	}
	return ""
}

// theOneNamed is the one person of ids whose display name the notice body
// names; "" when none or more than one is named.
func (a *App) theOneNamed(ctx context.Context, body string, ids []string) string {
	found := ""
	for _, id := range ids {
		if id == found {
			continue
		}
		if n := a.nameAndRole(ctx, id); n.name != "" && !n.former && noteNames(body, n.name) {
			if found != "" {
				return ""
			}
			found = id
		}
	}
	return found
}
