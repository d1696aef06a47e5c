package app

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// errFormerMember refuses a message into a thread whose other person
// erased their account.
func errFormerMember() error {
	return model.Errorf(model.KindConflict, "this person has left Kinship; your messages stay here for you to read, and no new ones can be sent")
}

// eraseNoticesOfIn is eraseNoticesOf in the form of the
// store's erasers.
func (a *App) eraseNoticesOfIn(tx store.Store, ctx context.Context, userID string) error {
	return a.eraseNoticesOf(ctx, tx, userID)
}

// eraseNoticesOf removes, inside an account's deletion, the
// notifications other people got that name userID: of a direct message
// or a mention by them (found by the page each leads to), and any other
// whose name field is theirs (a connection, a partnership, a mentorship)
// among the people they were tied to. The things announced go with the
// account, and their name may not stay behind in anyone's notices. It
// runs first, while the ties, the messages and the profile still say who
// was told and by what name. Notices stored since migration 38 carry
// their subject and DeleteUserNotifications erases them all, whoever got
// them; this finds those stored before, which have none.
func (a *App) eraseNoticesOf(ctx context.Context, tx store.Store, userID string) error {
	name := ""
	if p, err := tx.FindProfile(ctx, userID); err == nil {
		name = p.DisplayName
	}
	told := map[string]map[string]bool{} // recipient -> links of the notices to erase
	tell := func(to, link string) {
		if to == "" || to == userID {
			return
		}
		if told[to] == nil {
			told[to] = map[string]bool{}
		}
		if link != "" {
			told[to][link] = true
		}
	}
	ms, err := tx.ListAuthoredMessages(ctx, userID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		for _, id := range m.Mentions {
			tell(id, "/groups/"+m.ConversationID+"/chat#m-"+m.ID)
		}
	}
	threads, err := tx.ListDMUnread(ctx, userID)
	if err != nil {
		return err
	}
	for _, t := range threads {
		x, y, _ := strings.Cut(t.Pair, ":")
		tell(x, "/messages/"+t.ConversationID)
		tell(y, "/messages/"+t.ConversationID)
	}
	cs, err := tx.ListConnections(ctx, userID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		tell(c.RequesterID, "")
		tell(c.OtherID, "")
	}
	ps, err := tx.ListPartnerships(ctx, userID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		tell(p.RequesterID, "")
		tell(p.PartnerID, "")
	}
	mss, err := tx.ListMentorships(ctx, userID)
	if err != nil {
		return err
	}
	for _, m := range mss {
		tell(m.MentorID, "")
		tell(m.MenteeID, "")
	}
	for to, links := range told {
		if err := a.eraseNoticesNaming(ctx, tx, to, name, links); err != nil {
			return err
		}
	}
	return nil
}

// eraseNoticesNaming removes userID's notifications that lead to one of
// links, or whose name field is name.
func (a *App) eraseNoticesNaming(ctx context.Context, tx store.Store, userID, name string, links map[string]bool) error {
	var after store.Keyset
	for {
		ns, err := tx.ListNotifications(ctx, userID, after, 200)
		if err != nil {
			return err
		}
		for _, n := range ns {
			text, err := a.box.Open(n.Sealed, notificationAAD(n.ID))
			if err != nil {
				continue
			}
			body, link, _ := strings.Cut(string(text), linkSep)
			if links[link] || (name != "" && noteNames(body, name)) {
				if err := tx.DeleteNotification(ctx, userID, n.ID); err != nil {
					return err
				}
			}
		}
		if len(ns) < 200 {
			return nil
		}
		last := ns[len(ns)-1]
		after = store.Keyset{At: last.CreatedAt, ID: last.ID}
	}
}

// noteNames reports whether a stored notification's text gives name as
// its Name field.
func noteNames(stored, name string) bool {
	rest, ok := strings.CutPrefix(stored, msgMark)
	if !ok {
		return strings.Contains(stored, name) // an older notice kept as words
	}
	var m noteMsg
	if json.Unmarshal([]byte(rest), &m) != nil {
		return false
	}
	for i := 0; i+1 < len(m.Args); i += 2 {
		if m.Args[i] == "Name" && m.Args[i+1] == name {
			return true
		}
	}
	return false
}
