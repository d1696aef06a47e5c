package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// FlagView is a crisis-queue item as moderators see it.
type FlagView struct {
	ID         string          `json:"id"`
	MemberID   string          `json:"member_id"`
	MemberName string          `json:"member_display_name"`
	Surface    string          `json:"surface"`
	Ref        string          `json:"ref,omitempty"`
	Level      string          `json:"level"`
	Categories []string        `json:"categories"`
	Severity   int             `json:"severity"`
	Context    string          `json:"context"`
	Status     string          `json:"status"`
	Note       string          `json:"note,omitempty"`
	HandledBy  string          `json:"handled_by,omitempty"`
	CreatedAt  model.Timestamp `json:"created_at"`
	// Source is "check" (the safety check raised it) or "report" (a person
	// reported the text as a crisis).
	Source string `json:"source"`
	// Reported is true when a person reported the item as a crisis, whether
	// the report raised the flag or found the check's already raised: one
	// flag then says both. Who reported is not shown, as in the report queue.
	Reported bool `json:"reported" doc:"a person reported the item as a crisis (the flag's source may still be check: the item keeps one flag)"`
	// ChangedAt is when the item was saved again in words that raise no
	// flag: Context keeps the words of crisis, which were said.
	ChangedAt *model.Timestamp `json:"changed_at" doc:"when the item was saved again in words that raise no flag (context keeps the words of crisis, which were said); null while its newest words are the flag's"`
	// Verdict is a moderator's judgement of the check: "right",
	// "not_crisis", or empty until given; VerdictBy names who gave it.
	Verdict   string `json:"verdict,omitempty"`
	VerdictBy string `json:"verdict_by,omitempty" doc:"the display name of the moderator who gave the verdict"`
	// VerdictByYou and HandledByYou say the moderator reading the queue
	// gave the verdict, or acknowledged or resolved the item, so a page
	// says "you" to them rather than their own name.
	VerdictByYou bool `json:"verdict_by_you" doc:"you gave the verdict (verdict_by is your own name)"`
	HandledByYou bool `json:"handled_by_you" doc:"you acknowledged or resolved the item (handled_by is your own name)"`
	// Earlier is what moderators decided on the item's flag before this
	// one, when this one was raised again after it (reported as a crisis,
	// or written again in words of crisis).
	Earlier *EarlierFlag `json:"earlier" doc:"what moderators decided on the item's flag before this one, when this one was raised again after that one was resolved or marked not a crisis (a member reported the item as a crisis, source report, or its author wrote words of crisis again, source check); null otherwise"`
	// BlocksYou is true when the person blocks the moderator reading the
	// queue, and YouBlock when that moderator blocks them: either way the
	// moderator cannot message them from the item (another moderator can).
	BlocksYou bool `json:"blocks_you" doc:"the person the item is about blocks you: you cannot message them (another moderator can)"`
	YouBlock  bool `json:"you_block" doc:"you block the person the item is about: unblock them to message them"`
}

// EarlierFlag is what moderators decided on an item's earlier flag.
type EarlierFlag struct {
	ID string `json:"id"`
	// Verdict is "right", "not_crisis" or empty, with who gave it and when.
	Verdict   string           `json:"verdict,omitempty"`
	VerdictBy string           `json:"verdict_by,omitempty" doc:"the display name of the moderator who gave the verdict"`
	VerdictAt *model.Timestamp `json:"verdict_at"`
	// ResolvedBy and ResolvedAt are set when a moderator resolved it
	// (not when it closed because the item was raised again).
	ResolvedBy string           `json:"resolved_by,omitempty" doc:"the display name of the moderator who resolved it; empty when it closed because the item was raised again while marked not a crisis"`
	ResolvedAt *model.Timestamp `json:"resolved_at"`
	Note       string           `json:"note,omitempty" doc:"the moderator's note on it"`
	// VerdictByYou and ResolvedByYou say the moderator reading the queue
	// gave that verdict or resolved it, so a page says "you" to them.
	VerdictByYou  bool `json:"verdict_by_you" doc:"you gave the earlier verdict (verdict_by is your own name)"`
	ResolvedByYou bool `json:"resolved_by_you" doc:"you resolved the earlier flag (resolved_by is your own name)"`
}

// earlierFlag reads what moderators decided on the flag named id, as the
// moderator readerID sees it; nil when it is gone.
func (a *App) earlierFlag(ctx context.Context, readerID, id string) *EarlierFlag {
	f, err := a.store.FindSafetyFlag(ctx, id)
	if err != nil {
		return nil
	}
	e := &EarlierFlag{ID: f.ID, Verdict: f.Verdict}
	if f.Verdict != "" && f.VerdictAt != nil {
		at := model.At(*f.VerdictAt)
		e.VerdictBy, e.VerdictAt, e.VerdictByYou = a.displayName(ctx, f.VerdictBy), &at, f.VerdictBy == readerID
	}
	if f.Status == "resolved" && f.SupersededAt == nil && f.HandledAt != nil {
		at := model.At(*f.HandledAt)
		e.ResolvedBy, e.ResolvedAt, e.ResolvedByYou = a.displayName(ctx, f.HandledBy), &at, f.HandledBy == readerID
	}
	if len(f.NoteSealed) > 0 {
		if b, err := a.box.Open(f.NoteSealed, noteAAD(f.ID)); err == nil {
			e.Note = string(b)
		}
	}
	return e
}

func noteAAD(id string) []byte { return []byte("safety-flag-note:" + id) }

// flagView is f as the moderator readerID sees it (blocks aside: markBlocks).
func (a *App) flagView(ctx context.Context, readerID string, f *store.SafetyFlag) FlagView {
	v := FlagView{ID: f.ID, MemberID: f.UserID, MemberName: a.displayName(ctx, f.UserID), Surface: f.Surface, Ref: f.Ref, Level: f.Level,
		Categories: f.Categories, Severity: f.Severity, Status: f.Status, CreatedAt: model.At(f.CreatedAt),
		Source: f.Source, Reported: f.Source == "report" || f.ReportedBy != "", Verdict: f.Verdict,
		VerdictByYou: f.Verdict != "" && f.VerdictBy == readerID, HandledByYou: f.HandledBy != "" && f.HandledBy == readerID}
	if f.Verdict != "" && f.VerdictBy != "" {
		v.VerdictBy = a.displayName(ctx, f.VerdictBy)
	}
	if v.Categories == nil {
		v.Categories = []string{}
	}
	if f.ChangedAt != nil {
		at := model.At(*f.ChangedAt)
		v.ChangedAt = &at
	}
	if b, err := a.box.Open(f.Sealed, flagAAD(f.ID)); err == nil {
		v.Context = string(b)
	}
	if len(f.NoteSealed) > 0 {
		if b, err := a.box.Open(f.NoteSealed, noteAAD(f.ID)); err == nil {
			v.Note = string(b)
		}
	}
	if f.HandledBy != "" {
		v.HandledBy = a.displayName(ctx, f.HandledBy)
	}
	if f.EarlierID != "" {
		v.Earlier = a.earlierFlag(ctx, readerID, f.EarlierID)
	}
	return v
}

// CrisisQueue returns the 200 most urgent open and acknowledged items
// (CrisisQueuePage's first page of 200).
func (a *App) CrisisQueue(ctx context.Context) ([]FlagView, error) {
	fs, _, err := a.CrisisQueuePage(ctx, PageRequest{Limit: 200})
	return fs, err
}

// CrisisQueuePage returns a page of the open and acknowledged items, most
// severe first, then oldest first, then by id. Every item given is an
// audited read of what that member wrote. For moderators (the route's
// policy).
func (a *App) CrisisQueuePage(ctx context.Context, p PageRequest) ([]FlagView, store.Keyset, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, store.Keyset{}, err
	}
	fs, err := a.store.ListSafetyFlags(ctx, []string{"open", "acknowledged"}, p.After, p.fetch())
	if err != nil {
		return nil, store.Keyset{}, err
	}
	fs, next := cutPage(fs, p, func(f *store.SafetyFlag) store.Keyset {
		return store.Keyset{Rank: f.Severity, At: f.CreatedAt, ID: f.ID}
	})
	out := []FlagView{}
	for _, f := range fs {
		out = append(out, a.flagView(ctx, act.User.ID, f))
		a.audit(ctx, act.User.ID, f.UserID, "crisis_queue_read", []string{f.Surface})
	}
	if err := a.markBlocks(ctx, act.User.ID, out); err != nil {
		return nil, store.Keyset{}, err
	}
	return out, next, nil
}

// Verdicts a moderator gives a crisis-queue item.
const (
	FlagRight     = "right"      // it was a crisis
	FlagNotCrisis = "not_crisis" // the check was wrong
)

// ActOnFlag acknowledges or resolves a crisis-queue item with a note, or
// records a moderator's verdict on it ("right" or "not_crisis").
// Errors: not_found, invalid, conflict.
func (a *App) ActOnFlag(ctx context.Context, id, action, note string) (*FlagView, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	f, err := a.store.FindSafetyFlag(ctx, id)
	if err != nil {
		return nil, notFound(err, "apperrf.not_found.item")
	}
	switch action {
	case "acknowledge", "resolve":
	case FlagRight, FlagNotCrisis:
		// A judgement of the check, kept as a labelled example; it can be
		// given or changed at any time and leaves the item's status alone.
		now := a.now()
		if err := a.store.SetSafetyFlagVerdict(ctx, f.ID, action, act.User.ID, now); err != nil {
			return nil, err
		}
		f.Verdict, f.VerdictBy, f.VerdictAt = action, act.User.ID, &now
		a.audit(ctx, act.User.ID, f.UserID, "crisis_queue_verdict:"+action, nil)
		return a.flagViewFor(ctx, act.User.ID, f)
	default:
		return nil, &model.Error{Kind: model.KindInvalid, Message: "action must be acknowledge, resolve, right or not_crisis", Fields: map[string]string{"action": "unknown action"}}
	}
	if f.Status == "resolved" {
		return nil, model.Errorf(model.KindConflict, "this item is already resolved")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "keep the note to 1,000 characters", Fields: map[string]string{"note": "too long"}}
	}
	now := a.now()
	f.Status = map[string]string{"acknowledge": "acknowledged", "resolve": "resolved"}[action]
	f.HandledBy, f.HandledAt = act.User.ID, &now
	if note != "" {
		f.NoteSealed = a.box.Seal([]byte(note), noteAAD(f.ID))
	}
	if err := a.store.UpdateSafetyFlag(ctx, f); err != nil {
		return nil, err
	}
	a.audit(ctx, act.User.ID, f.UserID, "crisis_queue_"+f.Status, nil)
	return a.flagViewFor(ctx, act.User.ID, f)
}

// flagViewFor is f as the moderator actorID sees it.
func (a *App) flagViewFor(ctx context.Context, actorID string, f *store.SafetyFlag) (*FlagView, error) {
	vs := []FlagView{a.flagView(ctx, actorID, f)}
	if err := a.markBlocks(ctx, actorID, vs); err != nil {
		return nil, err
	}
	return &vs[0], nil
}

// HelpResourceInput adds or changes a crisis resource.
type HelpResourceInput struct {
	ID          string `json:"id,omitempty" doc:"the line to change, by its id (an old id such as us-911 is still taken); leave out to add a line"`
	Country     string `json:"country"`
	Name        string `json:"name"`
	Contact     string `json:"contact"`
	Kind        string `json:"kind"`
	Description string `json:"description,omitempty" doc:"when to use the line (at most 300 characters), read by every reader whose language has none in descriptions"`
	// Descriptions are when to use it by language Kinship speaks ("es").
	Descriptions map[string]string `json:"descriptions,omitempty" doc:"when to use the line in each language Kinship speaks, by its code (en, es; at most 300 characters each): a reader of that language reads it, a reader of another reads description, else the first of these. Another code is a 400 naming descriptions.<code>"`
	Position     int               `json:"position,omitempty"`
	// Languages the line answers in, as BCP 47 codes ("en", "es").
	Languages []string `json:"languages,omitempty"`
}

// SaveCrisisResource adds (no ID) or changes a resource. Site admins (the
// route's policy). Errors: invalid.
func (a *App) SaveCrisisResource(ctx context.Context, in HelpResourceInput) (*HelpResource, error) {
	act, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	f := model.FieldErrors{}
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	if len(in.Country) != 2 && in.Country != "INTL" {
		f.Add("country", "use a two-letter country code such as US, or INTL for everyone else")
	}
	for k, v := range map[string]*string{"name": &in.Name, "contact": &in.Contact, "description": &in.Description} {
		*v = strings.TrimSpace(*v)
		if utf8.RuneCountInString(*v) > 300 {
			f.Add(k, "keep it to 300 characters")
		}
	}
	if in.Name == "" {
		f.Add("name", "give the service's name")
	}
	if in.Contact == "" {
		f.Add("contact", "give a number, a text instruction or an address")
	}
	switch in.Kind {
	case "emergency", "call", "text", "web":
	default:
		f.Add("kind", "must be emergency, call, text or web")
	}
	descs := lineDescriptions(in.Descriptions, f)
	langs, ok := lineLanguages(in.Languages)
	if !ok {
		f.Add("languages", "use language codes such as en, es or fr, separated by commas")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.ID == "" {
		in.ID = newID()
	} else {
		in.ID = model.CanonicalID(in.ID) // an old id still names it
	}
	r := &store.CrisisResource{ID: in.ID, Country: in.Country, Name: in.Name, Contact: in.Contact, Kind: in.Kind, Description: in.Description, Descriptions: descs,
		Position: in.Position, Languages: langs, UpdatedAt: a.now()}
	if err := a.store.SaveCrisisResource(ctx, r); err != nil {
		return nil, err
	}
	a.publish(ctx, realtime.Event{Kind: realtime.KindCrisisLines})
	a.audit(ctx, act.User.ID, act.User.ID, "crisis_resource_saved", []string{r.ID})
	v := helpResource(r)
	return &v, nil
}

// DeleteCrisisResource removes a resource. Errors: not_found.
func (a *App) DeleteCrisisResource(ctx context.Context, id string) error {
	id = model.CanonicalID(id) // an old id still names it
	act, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if err := a.store.DeleteCrisisResource(ctx, id); err != nil {
		return notFound(err, "apperrf.not_found.resource")
	}
	a.publish(ctx, realtime.Event{Kind: realtime.KindCrisisLines})
	a.audit(ctx, act.User.ID, act.User.ID, "crisis_resource_deleted", []string{id})
	return nil
}
