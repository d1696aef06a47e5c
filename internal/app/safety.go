package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/safety"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// SafetyNote is what a person sees, privately, after writing text that
// signals a crisis or a hard moment: kind words, where help is, and an
// offer to alert their people. Nothing they wrote is blocked or removed.
type SafetyNote struct {
	// Level is crisis or concern, or words (NoteWords) for a word on a
	// label the text called someone by: no risk, no lines, no queue item.
	Level      string   `json:"level" enum:"crisis,concern,words" doc:"crisis or concern; or words, when the text called someone by their substance use (\"you're just a junkie\"): no risk, only a word on the label, with no lines"`
	Categories []string `json:"categories"`
	// Overdose is true for a medical emergency: the emergency number and
	// naloxone steps come first.
	Overdose bool   `json:"overdose"`
	Message  string `json:"message"`
	// SupportURL is the page with resources and the "I need support now" button.
	SupportURL string `json:"support_url"`
	// Resources are the crisis resources for the person's country.
	Resources []HelpResource `json:"resources"`
	// OfferAlert is true when Kinship offers to alert their partners and mentor.
	OfferAlert bool `json:"offer_alert"`
	// Craving is set when the text is about a craving only; Resources are
	// then the substance-use helplines of the person's country.
	Craving *CravingHelp `json:"craving,omitempty"`
}

// NoteWords is the level of a note on words, not on a risk: the text
// called someone by their substance use ("eres un drogadicto", "you're
// just a junkie"; safety.Label), and its writer is told, privately, how
// such a label lands. What they wrote is posted as written.
const NoteWords = "words"

// wordsMessage is the note on words.
const wordsMessage = "Words can hurt: calling someone an addict, a junkie or a drunk can push them away from the help they came for. Here we say “person in recovery”, or say what happened."

// CravingHelp is what helps in a craving.
type CravingHelp struct {
	Steps []string `json:"steps"`
}

// CravingSteps are shown for a craving, before any line.
var CravingSteps = []string{
	"Ride the wave: a craving rises, peaks and passes, often within 20 to 30 minutes. Breathe slowly and notice where you feel it while it crests (urge surfing).",
	"Call or message your sponsor, your mentor or an accountability partner now, even just to say it out loud.",
	"Go to a meeting soon: there is likely one in the next few hours, in person or online.",
	"Change where you are: step outside, drink some water, eat something, move your body.",
}

// cravingLineIDs are the seeded substance-use helplines (not crisis lines).
var cravingLineIDs = map[string]bool{model.SeedID("us-samhsa"): true, model.SeedID("au-adf"): true, model.SeedID("mx-lineadelavida"): true, model.SeedID("gb-frank"): true}

// cravingLines keeps the substance-use helplines among rs.
func cravingLines(rs []HelpResource) []HelpResource {
	out := []HelpResource{}
	for _, r := range rs {
		if cravingLineIDs[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// SafetyCollector gathers the note of one request, so the answer can carry
// it whatever text surface produced it.
type SafetyCollector struct {
	mu   sync.Mutex
	note *SafetyNote
}

// Note returns the strongest note of the request, or nil.
func (c *SafetyCollector) Note() *SafetyNote {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.note
}

func (c *SafetyCollector) add(n *SafetyNote) {
	if c == nil || n == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.note == nil || noteRank(n.Level) > noteRank(c.note.Level) {
		c.note = n
	}
}

// noteRank orders notes: a crisis before a hard moment before words.
func noteRank(level string) int {
	switch level {
	case string(safety.Crisis):
		return 2
	case string(safety.Concern):
		return 1
	}
	return 0
}

type safetyKey struct{}

// WithSafety returns ctx carrying a new collector for the request's safety note.
func WithSafety(ctx context.Context) (context.Context, *SafetyCollector) {
	c := &SafetyCollector{}
	return context.WithValue(ctx, safetyKey{}, c), c
}

// SafetyFrom returns the note collected in ctx, or nil.
func SafetyFrom(ctx context.Context) *SafetyNote {
	c, _ := ctx.Value(safetyKey{}).(*SafetyCollector)
	return c.Note()
}

// Surfaces of text that are screened.
const (
	SurfaceChat     = "chat"
	SurfaceDM       = "dm"
	SurfaceCheckin  = "checkin_note"
	SurfaceBio      = "bio"
	SurfaceGroup    = "group"
	SurfaceFeedback = "feedback"
	SurfaceResource = "resource"
)

// maxFlagContext bounds the sealed excerpt a crisis-queue item keeps.
const maxFlagContext = 1000

// screen is the one call every text surface makes after storing what a
// person wrote. It classifies the text; for a crisis it puts an item in
// the moderators' crisis queue (ranked by severity) and, in a group, gives
// its facilitators a private heads-up; for a crisis or a concern it leaves
// the author a private note (returned, and collected for the answer), and
// for text that calls someone by their substance use, a note on words. It
// never blocks, removes or changes anything the person wrote.
func (a *App) screen(ctx context.Context, userID, surface, ref, groupID, text string) *SafetyNote {
	return a.screenFrom(ctx, userID, surface, ref, groupID, text, safety.Concern)
}

// rescreen is screen for an item saved again (an edited message; a
// check-in, group, bio or mentorship offers saved anew). When its newest
// words raise no flag (or are gone) and the item has a flag, the flag
// keeps the words of crisis, which were said, and is marked changed
// (once), so that moderators read that the item no longer says them
// without reading what it says now; words that raise a flag again clear
// the mark of a flag not yet resolved, and raise a new flag after a
// resolved one (see flagAgain).
func (a *App) rescreen(ctx context.Context, userID, surface, ref, groupID, text string) *SafetyNote {
	note := a.screen(ctx, userID, surface, ref, groupID, text)
	if note != nil && note.Level == string(safety.Crisis) {
		return note
	}
	f, err := a.store.FindItemSafetyFlag(ctx, userID, ref)
	if err != nil || f.ChangedAt != nil {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			a.log.Warn("earlier crisis-queue item not read", "err", err)
		}
		return note
	}
	now := a.now()
	if err := a.store.SetSafetyFlagChanged(ctx, f.ID, &now); err != nil {
		a.log.Error("crisis queue item not marked changed", "err", err)
		return note
	}
	if f.Status != "resolved" { // moderators see the mark only on the queue's items
		a.audit(ctx, f.UserID, f.UserID, "crisis_flag_changed", []string{f.Surface})
	}
	return note
}

// screenFrom is screen for text that gets a note only from level up: a
// post sharing a coping strategy names cravings as a matter of course, so
// only a crisis in it gets a note.
func (a *App) screenFrom(ctx context.Context, userID, surface, ref, groupID, text string, from safety.Level) *SafetyNote {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	return a.screenChecked(ctx, userID, surface, ref, groupID, text, from, safety.Check(text, ""))
}

// screenChecked is screenFrom for text whose check is res (safety.Check
// of text), for a caller that needs the check's answer too.
func (a *App) screenChecked(ctx context.Context, userID, surface, ref, groupID, text string, from safety.Level, res safety.Result) *SafetyNote {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if res.Level == safety.None || from == safety.Crisis && res.Level != safety.Crisis {
		return a.wordsNote(ctx, text)
	}
	cats := make([]string, 0, len(res.Categories))
	for _, c := range res.Categories {
		cats = append(cats, string(c))
	}
	note := &SafetyNote{Level: string(res.Level), Categories: cats, Overdose: res.Overdose, SupportURL: a.opts.BaseURL + "/support"}
	country := a.countryOf(ctx, userID)
	note.Resources, _ = a.SupportResources(ctx, country)
	if res.Level == safety.Concern && len(cats) == 1 && cats[0] == string(safety.Craving) {
		// A craving gets help with a craving, not emergency and suicide lines.
		note.Message = "Cravings are hard, and they pass. Here is what can help right now."
		note.Craving = &CravingHelp{Steps: CravingSteps}
		note.Resources = cravingLines(note.Resources)
	} else if res.Level == safety.Concern {
		note.Message = "It sounds like today is hard. You do not have to carry it alone: reaching out to an accountability partner, your mentor or a meeting can help."
	} else {
		note.Message = "What you wrote sounds really hard, and you matter. If you are in danger now, call your emergency number. The people below are there for you at any hour, and we can let your accountability partners know you need support."
		if res.Overdose {
			note.Message = "If someone is not breathing or will not wake up, call your emergency number now, then give naloxone if you have it."
		}
		note.OfferAlert = true
		a.flag(ctx, userID, surface, ref, groupID, text, res, cats)
	}
	if c, ok := ctx.Value(safetyKey{}).(*SafetyCollector); ok {
		c.add(note)
	}
	return note
}

// wordsNote is the note on words for text that calls someone by their
// substance use (safety.Label), or nil. Nothing is logged or flagged.
func (a *App) wordsNote(ctx context.Context, text string) *SafetyNote {
	if safety.Label(text) == "" {
		return nil
	}
	note := &SafetyNote{Level: NoteWords, Categories: []string{}, Message: wordsMessage, SupportURL: a.opts.BaseURL + "/support", Resources: []HelpResource{}}
	if c, ok := ctx.Value(safetyKey{}).(*SafetyCollector); ok {
		c.add(note)
	}
	return note
}

// flag adds a crisis-queue item, at most 20 an hour per person so that a
// flood cannot bury others' items (the author's note is shown regardless).
// An item keeps one flag not yet resolved: text saved again unchanged (a
// re-saved check-in, profile or group) raises nothing, and changed text
// of an item whose flag is not yet resolved (an edited message, a
// check-in note rewritten, or an item a person reported as a crisis)
// gives that flag the newest words and the check's reading of them (see
// reflag). After a moderator resolved the item's flag or marked it not a
// crisis, words of crisis written again raise a new flag that names the
// earlier one (see raiseAgain). The database holds one flag not yet
// resolved per item, so of two saves at once the second to write finds
// the first's flag and updates it the same way.
func (a *App) flag(ctx context.Context, userID, surface, ref, groupID, text string, res safety.Result, cats []string) {
	if utf8.RuneCountInString(text) > maxFlagContext {
		text = string([]rune(text)[:maxFlagContext]) + "…"
	}
	earlier, done := a.flagAgain(ctx, userID, ref, text, res, cats)
	if done {
		return
	}
	if err := a.limit(ctx, "safety-flag:"+userID, 20, hourWindow); err != nil {
		return
	}
	id := newID()
	f := &store.SafetyFlag{ID: id, UserID: userID, Surface: surface, Ref: ref, Level: string(res.Level), Categories: cats,
		Severity: res.Severity, Sealed: a.box.Seal([]byte(text), flagAAD(id)), CreatedAt: a.now()}
	if err := a.raiseAgain(ctx, f, earlier); errors.Is(err, store.ErrConflict) {
		// Another save of the item flagged it meanwhile.
		if _, done := a.flagAgain(ctx, userID, ref, text, res, cats); !done {
			a.log.Error("crisis queue item neither written nor found", "err", err)
		}
		return
	} else if err != nil {
		a.log.Error("crisis queue item not written", "err", err)
		return
	}
	told := a.tellModerators(ctx, userID)
	if groupID == "" {
		return
	}
	if g, err := a.store.FindGroup(ctx, groupID); err == nil {
		name := a.displayName(ctx, userID)
		// Facilitators are told the moderators know only when one was
		// told, and that the author was shown the lines of their own
		// country when Kinship knows it (walk15 W15-6: the facilitator's
		// page shows her own country's lines, which may not reach them).
		// The country is not named: it is the author's to show.
		lines := a.countryOf(ctx, userID) != ""
		text := noteText("notify.facilitator_heads_up", "Name", name, "Group", g.Name)
		switch {
		case told == 0 && lines:
			text = noteText("notify.facilitator_heads_up_alone_lines", "Name", name, "Group", g.Name)
		case told == 0:
			text = noteText("notify.facilitator_heads_up_alone", "Name", name, "Group", g.Name)
		case lines:
			text = noteText("notify.facilitator_heads_up_lines", "Name", name, "Group", g.Name)
		}
		// It opens on the words in the group's chat, where the facilitator
		// sees what was said and can write to the person (W9-11); words
		// elsewhere in the group lead to its page.
		link := "/groups/" + groupID
		if surface == SurfaceChat && ref != "" {
			link += "/chat#m-" + ref
		}
		if err := a.notifyLeadersAt(ctx, a.store, groupID, "facilitator_heads_up", text.about(userID), link); err != nil {
			a.log.Warn("facilitators not told", "err", err)
		}
	}
}

// judgedOver reports whether a moderator is done with a flag: resolved,
// or marked not a crisis. Words of crisis on its item after that, written
// again or reported, raise a new flag rather than go unseen on this one.
func judgedOver(f *store.SafetyFlag) bool {
	return f.Status == "resolved" || f.Verdict == FlagNotCrisis
}

// flagAgain deals with text of an item that already has a flag: done is
// true when the item's flag not yet resolved took the text (or had it, or
// that flag or the flag resolved had it unchanged since), false when a new
// flag is needed; earlier is then the item's flag a moderator is done
// with (see judgedOver), which the new one names, nil when it has none.
func (a *App) flagAgain(ctx context.Context, userID, ref, text string, res safety.Result, cats []string) (earlier *store.SafetyFlag, done bool) {
	prev, err := a.store.FindItemSafetyFlag(ctx, userID, ref)
	switch {
	case err == nil && prev.Level == string(res.Level) && a.flagText(prev) == text:
		switch {
		case prev.Status == "resolved" && prev.ChangedAt != nil:
			// Resolved, changed into other words, and now back: raised again.
			return prev, false
		case prev.Status == "resolved":
		case prev.Source == "report" && !slices.Equal(prev.Categories, cats):
			// A flag a report raised takes the check's reading of the same words.
			a.reflag(ctx, prev, text, res, cats)
		case prev.ChangedAt != nil:
			// Changed into other words and back: the flag's words are the newest again.
			if err := a.store.SetSafetyFlagChanged(ctx, prev.ID, nil); err != nil {
				a.log.Error("crisis queue item not updated", "err", err)
			}
		}
		return nil, true
	case err == nil && judgedOver(prev):
		return prev, false
	case err == nil:
		a.reflag(ctx, prev, text, res, cats)
		return nil, true
	case !errors.Is(err, store.ErrNotFound):
		a.log.Warn("earlier crisis-queue item not read", "err", err)
	}
	return nil, false
}

// raiseAgain writes a new flag f, naming the item's earlier flag when
// there is one a moderator is done with; that one, when not yet resolved
// (marked not a crisis, still in the queue), is closed in the same
// transaction as raised again, so the item keeps one flag in the queue.
// ErrConflict when the item has another flag not yet resolved.
func (a *App) raiseAgain(ctx context.Context, f, earlier *store.SafetyFlag) error {
	if earlier == nil {
		return a.store.CreateSafetyFlag(ctx, f)
	}
	f.EarlierID = earlier.ID
	if earlier.Status == "resolved" {
		if err := a.store.CreateSafetyFlag(ctx, f); err != nil {
			return err
		}
	} else if err := a.store.InTx(ctx, func(tx store.Store) error {
		if err := tx.SupersedeSafetyFlag(ctx, earlier.ID, f.CreatedAt); err != nil {
			return err
		}
		return tx.CreateSafetyFlag(ctx, f)
	}); err != nil {
		return err
	}
	return nil
}

// flagText returns the words a flag keeps, "" when they cannot be opened.
func (a *App) flagText(f *store.SafetyFlag) string {
	b, err := a.box.Open(f.Sealed, flagAAD(f.ID))
	if err != nil {
		return ""
	}
	return string(b)
}

// reflag gives an open or acknowledged flag the item's newest words, so
// that moderators read one item with what the person wrote last; its
// place in the queue by age and its status stay, a verdict given on the
// earlier words is cleared, and the change is kept in the audit log.
// Moderators are told again only when it became more severe.
func (a *App) reflag(ctx context.Context, f *store.SafetyFlag, text string, res safety.Result, cats []string) {
	rose := res.Severity > f.Severity
	f.Level, f.Categories, f.Severity, f.Sealed = string(res.Level), cats, res.Severity, a.box.Seal([]byte(text), flagAAD(f.ID))
	if err := a.store.UpdateSafetyFlagText(ctx, f); err != nil {
		a.log.Error("crisis queue item not updated", "err", err)
		return
	}
	a.audit(ctx, f.UserID, f.UserID, "crisis_flag_updated", []string{f.Surface})
	if rose && a.limit(ctx, "safety-flag:"+f.UserID, 20, hourWindow) == nil {
		a.tellModerators(ctx, f.UserID)
	}
}

func flagAAD(id string) []byte { return []byte("safety-flag:" + id) }

// countryOf returns the person's country code from their profile, "" when unknown.
func (a *App) countryOf(ctx context.Context, userID string) string {
	p, err := a.LoadProfile(ctx, userID)
	if err != nil {
		return ""
	}
	return CountryCode(p.Country)
}
