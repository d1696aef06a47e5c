package app

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/safety"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Post kinds.
var postKinds = map[string]bool{"story": true, "strategy": true, "question": true, "milestone": true, "opportunity": true, "looking_for": true}

// PostInput is a new post.
type PostInput struct {
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	ContentNote string `json:"content_note,omitempty"`
	GroupID     string `json:"group_id,omitempty"`
}

// PostView is a post as a reader sees it.
type PostView struct {
	ID          string          `json:"id"`
	Author      AuthorView      `json:"author"`
	GroupID     string          `json:"group_id,omitempty"`
	Kind        string          `json:"kind"`
	Title       string          `json:"title"`
	Body        string          `json:"body"`
	ContentNote string          `json:"content_note,omitempty"`
	State       string          `json:"state"`
	Reason      string          `json:"reason,omitempty"`
	Comments    int             `json:"comments"`
	Reactions   []ReactionView  `json:"reactions"`
	CreatedAt   model.Timestamp `json:"created_at"`
}

// CommentView is a comment as a reader sees it.
type CommentView struct {
	ID        string          `json:"id"`
	Author    AuthorView      `json:"author"`
	Body      string          `json:"body"`
	State     string          `json:"state"`
	CreatedAt model.Timestamp `json:"created_at"`
}

func postAAD(id string) []byte    { return []byte("post:" + id) }
func commentAAD(id string) []byte { return []byte("comment:" + id) }

func (a *App) postView(ctx context.Context, cache names, p *store.Post) PostView {
	v := PostView{ID: p.ID, Author: AuthorView{ID: p.AuthorID, DisplayName: a.nameOf(ctx, cache, p.AuthorID)}, GroupID: p.GroupID, Kind: p.Kind, Title: p.Title,
		ContentNote: p.ContentNote, State: p.State, Comments: p.Comments, Reactions: []ReactionView{}, CreatedAt: model.At(p.CreatedAt)}
	if p.State == "visible" || p.State == "quarantined" {
		if b, err := a.box.Open(p.Sealed, postAAD(p.ID)); err == nil {
			v.Body = string(b)
		}
	} else {
		v.Title, v.Reason = "", p.Reason
	}
	for _, r := range Reactions {
		if ids := p.Reactions[r.Kind]; len(ids) > 0 {
			v.Reactions = append(v.Reactions, ReactionView{ReactionKind: r, Count: len(ids), MemberIDs: ids})
		}
	}
	return v
}

// mayWrite refuses a suspended or banned account. Accounts found free are
// remembered on this node (freeKeep): the check runs on every chat message
// and on home, and a restriction made here clears the memory at once (one
// made by another process on SQLite, within about OtherWritersEvery).
func (a *App) mayWrite(ctx context.Context, userID string) error {
	now := a.freeNow()
	if t, ok := a.freeToWrite.Load(userID); ok && now.Sub(t.(time.Time)) < a.freeKeep() && a.keptUsable() {
		return nil
	}
	gen := a.freeGen.Load()
	r, err := a.store.FindRestriction(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		a.keepFree(userID, now, gen)
		return nil
	}
	if err != nil {
		return err
	}
	if r.Until != nil && !a.now().Before(*r.Until) {
		if a.store.DeleteRestriction(ctx, userID) == nil {
			// The account's standing changed: nodes forget what they kept.
			a.accountChanged(ctx, userID)
		}
		return nil
	}
	switch {
	case r.Kind == "banned":
		return errSay(model.KindForbidden, "apperrf.account_banned")
	case r.Until != nil:
		// The day and hour in the person's zone, as their suspension notice writes them.
		end := r.Until.In(a.viewerZone(ctx, userID))
		return errSay(model.KindForbidden, "apperrf.account_suspended_until", "Date", longDate(end), "Time", zoneClock(end))
	}
	return errSay(model.KindForbidden, "apperrf.account_suspended")
}

// freeTTL bounds how long a node may let an account write after another
// node restricted it, when the broker's word of it is lost.
const freeTTL = 10 * time.Second

// freeKeptHeard is how long an account found free is kept while this node
// hears of every restriction (freeKeep).
const freeKeptHeard = 10 * time.Minute

// freeKeep is how long this node keeps an account found free to write. A
// SQLite node asking after other processes' commits (FollowOtherWriters)
// hears of every restriction before it could let the account write: one
// made here forgets the account once it has committed (forgetFree, after
// the write: a read that began before the commit keeps nothing), one
// another process commits as the node asks, every OtherWritersEvery (every
// account forgotten); and a free account does not become restricted with
// time (a suspension's end only frees). So it keeps them for freeKeptHeard.
// Read again after 10 s they were 0.9% of a node in the quiet profile of
// 437903c (a message sent's and home's FindRestriction, 57 µs each). Any
// other node (PostgreSQL, whose other nodes' restrictions come as events a
// broker may lose) keeps them for freeTTL, as before.
func (a *App) freeKeep() time.Duration {
	if a.others.asking.Load() {
		return freeKeptHeard
	}
	return freeTTL
}

func (a *App) freeNow() time.Time {
	if a.freeClock != nil {
		return a.freeClock()
	}
	return time.Now()
}

// keepFree remembers userID found free by a read that began at generation
// gen, unless the node has forgotten an account since (forgetFree): the
// read may then be older than the restriction that made it forget.
func (a *App) keepFree(userID string, at time.Time, gen uint64) {
	a.freeToWrite.Store(userID, at)
	if a.freeGen.Load() != gen {
		a.freeToWrite.Delete(userID)
	}
}

// forgetFree forgets that userID was found free to write.
func (a *App) forgetFree(userID string) {
	a.freeGen.Add(1)
	a.freeToWrite.Delete(userID)
}

// forgetAllFree forgets every account found free to write.
func (a *App) forgetAllFree() {
	a.freeGen.Add(1)
	a.freeToWrite.Clear()
}

// WriteBlock says why the actor may not post or send messages now: nil
// when they may, else a forbidden error naming when their suspension ends
// (their home says so before they try). Errors: unauthorized.
func (a *App) WriteBlock(ctx context.Context) error {
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	return a.mayWrite(ctx, act.User.ID)
}

// CreatePost shares a post in the community space or a group the actor is
// in. Text that looks like selling drugs or bulk off-platform contact is
// held for review (quarantined: only its author and moderators see it).
// Errors: invalid, not_found, forbidden, rate_limited.
func (a *App) CreatePost(ctx context.Context, in PostInput) (*PostView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.mayWrite(ctx, act.User.ID); err != nil {
		return nil, err
	}
	in.Title, in.Body, in.ContentNote = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body), strings.TrimSpace(in.ContentNote)
	f := model.FieldErrors{}
	if !postKinds[in.Kind] {
		f.Add("kind", "choose story, strategy, question, milestone, opportunity (a recovery-friendly job, volunteering or course) or looking_for (a resume review, a study partner…)")
	}
	if n := utf8.RuneCountInString(in.Title); n == 0 || n > 150 {
		f.Add("title", "give a title of up to 150 characters")
	}
	if n := utf8.RuneCountInString(in.Body); n == 0 || n > 10000 {
		f.Add("body", "write up to 10,000 characters")
	}
	if utf8.RuneCountInString(in.ContentNote) > 100 {
		f.Add("content_note", "keep the content note short, like \"mentions overdose\"")
	}
	if !utf8.ValidString(in.Title + in.Body + in.ContentNote) {
		f.Add("body", "is not valid text")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := a.checkLinks(ctx, act.User, in.Title+" "+in.Body); err != nil {
		return nil, err
	}
	if in.GroupID != "" {
		if _, _, err := a.activeMember(ctx, act.User.ID, in.GroupID); err != nil {
			return nil, err
		}
	}
	if err := a.limit(ctx, "post:"+act.User.ID, 20, dayWindow); err != nil {
		return nil, err
	}
	now := a.now()
	p := &store.Post{ID: newID(), AuthorID: act.User.ID, GroupID: in.GroupID, Kind: in.Kind, Title: in.Title, ContentNote: in.ContentNote, State: "visible", CreatedAt: now, UpdatedAt: now}
	p.Sealed = a.box.Seal([]byte(in.Body), postAAD(p.ID))
	held := LooksLikeSolicitation(in.Title + "\n" + in.Body)
	if held != "" {
		p.State = "quarantined"
	}
	if err := a.store.CreatePost(ctx, p); err != nil {
		return nil, err
	}
	if held != "" {
		a.autoReport(ctx, "post", p.ID, act.User.ID, held)
	}
	from := safety.Concern
	if in.Kind == "strategy" {
		from = safety.Crisis
	}
	a.screenFrom(ctx, act.User.ID, SurfaceGroup, p.ID, in.GroupID, in.Title+"\n"+in.Body, from)
	v := a.postView(ctx, names{}, p)
	return &v, nil
}

// mayReadPlace checks the actor may read posts of a place.
func (a *App) mayReadPlace(ctx context.Context, userID, groupID string) error {
	if groupID == "" {
		return nil
	}
	_, _, err := a.activeMember(ctx, userID, groupID)
	return err
}

// ListPosts returns a place's posts, newest first: without those of members
// either side blocks, without quarantined posts (except one's own), and
// without posts carrying a content note that contains one of hideNotes.
func (a *App) ListPosts(ctx context.Context, groupID string, hideNotes []string) ([]PostView, error) {
	return a.ListPostsOfKind(ctx, groupID, "", hideNotes)
}

// ListPostsOfKind is ListPosts keeping only one kind ("" for all), such as
// the opportunities board (kind "opportunity") or "looking_for".
func (a *App) ListPostsOfKind(ctx context.Context, groupID, kind string, hideNotes []string) ([]PostView, error) {
	// The kind is chosen in the query, so a board shows its latest 100
	// even when other kinds of posts are far more numerous.
	out, _, err := a.PostsPage(ctx, groupID, kind, hideNotes, firstPage(100))
	return out, err
}

// PostsPage returns a page of ListPostsOfKind, newest first, and where the
// next page starts.
func (a *App) PostsPage(ctx context.Context, groupID, kind string, hideNotes []string, p PageRequest) ([]PostView, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	if kind != "" && !postKinds[kind] {
		return nil, store.Keyset{}, &model.Error{Kind: model.KindInvalid, Message: "kind must be story, strategy, question, milestone, opportunity or looking_for",
			Fields: map[string]string{"kind": "unknown kind"}}
	}
	if err := a.mayReadPlace(ctx, act.User.ID, groupID); err != nil {
		return nil, store.Keyset{}, err
	}
	ps, err := a.store.ListPosts(ctx, groupID, kind, p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	ps, next := cutPage(ps, p, func(p *store.Post) store.Keyset { return store.Keyset{At: p.CreatedAt, ID: p.ID} })
	blocked := a.blockedSet(ctx, act.User.ID)
	cache := names{}
	out := []PostView{}
	for _, p := range ps {
		if blocked[p.AuthorID] || p.State == "quarantined" && p.AuthorID != act.User.ID || p.State == "hidden" && p.AuthorID != act.User.ID {
			continue
		}
		if hidden(p.ContentNote, hideNotes) {
			continue
		}
		out = append(out, a.postView(ctx, cache, p))
	}
	return out, next, nil
}

func hidden(note string, hide []string) bool {
	note = strings.ToLower(note)
	for _, h := range hide {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" && strings.Contains(note, h) {
			return true
		}
	}
	return false
}

// readablePost loads a post the actor may see. Errors: not_found.
func (a *App) readablePost(ctx context.Context, userID, id string) (*store.Post, error) {
	p, err := a.store.FindPost(ctx, id)
	if err != nil {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "post not found"}
	}
	if a.mayReadPlace(ctx, userID, p.GroupID) != nil || a.blockedSet(ctx, userID)[p.AuthorID] ||
		(p.State == "quarantined" || p.State == "hidden") && p.AuthorID != userID {
		return nil, &model.Error{Kind: model.KindNotFound, Message: "post not found"}
	}
	return p, nil
}

// GetPost returns a post with its comments. Errors: not_found.
func (a *App) GetPost(ctx context.Context, id string) (*PostView, []CommentView, error) {
	p, cs, _, err := a.PostWithComments(ctx, id, PageRequest{})
	return p, cs, err
}

// PostWithComments is GetPost with a page of the comments, oldest first
// (all of them when p.Limit is 0), and where the next page starts.
func (a *App) PostWithComments(ctx context.Context, id string, pr PageRequest) (*PostView, []CommentView, store.Keyset, error) {
	var none store.Keyset
	act, err := requireActor(ctx)
	if err != nil {
		return nil, nil, none, err
	}
	p, err := a.readablePost(ctx, act.User.ID, id)
	if err != nil {
		return nil, nil, none, err
	}
	limit := 0
	if pr.Limit > 0 {
		limit = pr.fetch()
	}
	cs, err := a.store.ListComments(ctx, id, pr.After, limit)
	if err != nil {
		return nil, nil, none, err
	}
	next := none
	if pr.Limit > 0 {
		cs, next = cutPage(cs, pr, func(c *store.Comment) store.Keyset { return store.Keyset{At: c.CreatedAt, ID: c.ID} })
	}
	cache := names{}
	blocked := a.blockedSet(ctx, act.User.ID)
	out := []CommentView{}
	for _, c := range cs {
		if blocked[c.AuthorID] {
			continue
		}
		v := CommentView{ID: c.ID, Author: AuthorView{ID: c.AuthorID, DisplayName: a.nameOf(ctx, cache, c.AuthorID)}, State: c.State, CreatedAt: model.At(c.CreatedAt)}
		if c.State == "visible" {
			if b, err := a.box.Open(c.Sealed, commentAAD(c.ID)); err == nil {
				v.Body = string(b)
			}
		}
		out = append(out, v)
	}
	v := a.postView(ctx, cache, p)
	return &v, out, next, nil
}

// CommentOnPost answers a post. Errors: not_found, invalid, forbidden, conflict.
func (a *App) CommentOnPost(ctx context.Context, postID, body string) (*CommentView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.mayWrite(ctx, act.User.ID); err != nil {
		return nil, err
	}
	if body, err = cleanBody(body); err != nil {
		return nil, err
	}
	p, err := a.readablePost(ctx, act.User.ID, postID)
	if err != nil {
		return nil, err
	}
	if p.State != "visible" {
		return nil, model.Errorf(model.KindConflict, "this post takes no comments")
	}
	if err := a.chatLimit.allow("comment:"+act.User.ID, 20); err != nil {
		return nil, err
	}
	c := &store.Comment{ID: newID(), PostID: postID, AuthorID: act.User.ID, State: "visible", CreatedAt: a.now()}
	c.Sealed = a.box.Seal([]byte(body), commentAAD(c.ID))
	if err := a.store.CreateComment(ctx, c); err != nil {
		return nil, err
	}
	name := a.displayName(ctx, act.User.ID)
	if p.AuthorID != act.User.ID {
		if err := a.notifyAt(ctx, a.store, p.AuthorID, "post_comment", noteText("notify.post_comment", "Name", name, "Title", p.Title).about(act.User.ID), "/posts/"+p.ID); err != nil {
			a.log.Warn("comment not notified", "err", err)
		}
	}
	a.screen(ctx, act.User.ID, SurfaceGroup, c.ID, p.GroupID, body)
	return &CommentView{ID: c.ID, Author: AuthorView{ID: act.User.ID, DisplayName: name}, Body: body, State: c.State, CreatedAt: model.At(c.CreatedAt)}, nil
}

// ReactToPost adds or takes back encouragement. Errors: not_found, invalid.
func (a *App) ReactToPost(ctx context.Context, postID, kind string, on bool) (*PostView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := reactionKind(kind); !ok {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "reaction must be with_you, thank_you or proud", Fields: map[string]string{"reaction": "unknown reaction"}}
	}
	p, err := a.readablePost(ctx, act.User.ID, postID)
	if err != nil {
		return nil, err
	}
	if p.State != "visible" {
		return nil, model.Errorf(model.KindConflict, "this post takes no reactions")
	}
	if err := a.store.SetPostReaction(ctx, postID, act.User.ID, kind, on); err != nil {
		return nil, err
	}
	if p, err = a.store.FindPost(ctx, postID); err != nil {
		return nil, err
	}
	v := a.postView(ctx, names{}, p)
	return &v, nil
}

// solicitationSigns are words and emoji that people selling drugs or
// harvesting contacts use; two distinct signs hold a post or a message for
// review. Sharing a phone number ("text me 714-555-0199") is one sign, not
// two: friends do that.
var solicitationSigns = []string{
	"🔌", "❄️", "💊", "🍄", "🍁", "⛽", "💉", "🥤", "🍭", "💨",
	"plug", "dm me for", "hit me up", "hmu", "telegram", "wickr", "whatsapp", "signal me", "snap me", "add me on",
	"delivery", "discreet", "shipping", "for sale", "pills available", "cash app", "cashapp", "venmo", "bitcoin", "crypto",
	"pay cash", "for cash", "cash only", "got extra", "any extra", "have extra", "selling",
}

// phoneSign finds a phone number, or an invitation to text or call one.
var phoneSign = regexp.MustCompile(`(?i)\btext me\b|\bcall me at\b|\(?\b\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b`)

// priceSign finds a substance offered at a price ("oxys and bars cheap",
// "$20 each", "pastillas baratas"): walk11 W11-2, a dealer's "Got oxys and
// bars cheap, DM me, fast delivery all over Chicago" showed one sign
// ("delivery") and reached the whole group. A price alone ("cheap parking")
// or a substance alone ("I used to take oxys") is not one.
var priceSign = regexp.MustCompile(`(?i)\b(?:oxys?|oxycodone|percs?|percocets?|xans?|xanax|bars|pills|fent|fentanyl|blues|m30s?|addys|adderall|molly|coke|subs|carts|pastillas|pastis|perico|fentanilo|clonazepam|rivotril)\b[^.!?\n]{0,40}?(?:\bcheap(?:er|est)?\b|\bprices?\b|\beach\b|\$\s?\d+|\ba pop\b|\bbarat[oa]s?\b|\bprecios?\b)` +
	`|(?:\bcheap(?:er|est)?\b|\$\s?\d+|\bbarat[oa]s?\b)[^.!?\n]{0,20}?\b(?:oxys?|percs?|xans?|xanax|bars|pills|fent|blues|m30s?|addys|molly|coke|subs|carts|pastillas|pastis|perico)\b`)

// mayHavePhone is false for text phoneSign cannot match, found without
// the pattern (most messages): every match has "text me" or "call me at"
// in some case (in lower, text in lower case), or ten ASCII digits.
func mayHavePhone(text, lower string) bool {
	if strings.Contains(lower, "text me") || strings.Contains(lower, "call me at") {
		return true
	}
	digits := 0
	for i := 0; i < len(text); i++ {
		if text[i] >= '0' && text[i] <= '9' {
			if digits++; digits == 10 {
				return true
			}
		}
	}
	return false
}

// LooksLikeSolicitation returns why text looks like selling drugs or
// bulk off-platform contact (two or more distinct signs), or "".
func LooksLikeSolicitation(text string) string {
	lower := strings.ToLower(text)
	var found []string
	for _, s := range solicitationSigns {
		if strings.Contains(lower, s) {
			found = append(found, s)
		}
	}
	if mayHavePhone(text, lower) && phoneSign.MatchString(text) {
		found = append(found, "a phone number")
	}
	if len(found) == 0 {
		return "" // the price alone would be one sign
	}
	if priceSign.MatchString(text) {
		found = append(found, "a substance at a price")
	}
	if len(found) < 2 {
		return ""
	}
	return "held for review: looks like selling or off-platform contact (" + strings.Join(found, ", ") + ")"
}
