package app

import (
	"context"
	"sync"
	"time"

	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/recovery"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// mentorCache keeps, on each node, the mentors a suggestion may offer as
// matching reads them, so that the mentorship page costs one read of a
// version and the person's own rows, not a dozen reads and three
// decryptions for every mentor on the instance (48 ms of node CPU a page
// under bench/usersim with 3,600 accounts). The database moves the
// version (store.MentorsVersion) within every write that may change what
// is kept, in the write's own statement: a mentor's settings, profile,
// recovery log or account, and the mentorships they give; every node
// reads the version before it uses what it keeps, so a change made on
// any node is seen on the next page. What it
// keeps is read after the version, so a write that commits during the
// reading moves the version past it and is read again on the next page.
// A mentor's time in recovery, which grows day by day in their own zone,
// is worked out again from what is kept each quarter of an hour (every
// zone's midnight falls on one); the blocks and the mentorships of the
// person asking are read for each page.
type mentorCache struct {
	mu   sync.Mutex
	snap *mentorSnapshot // replaced whole, never changed
}

// mentorSnapshot is one reading of the mentors, at a version.
type mentorSnapshot struct {
	version int64
	list    []keptMentor // by user ID, as ListMentorProfiles gives them

	mu   sync.Mutex
	view *mentorView // for one quarter of an hour and minimum
}

// keptMentor is one mentor with room, as read: their matching view
// (RecoveryYears and Capacity set per view) and what a suggestion shows.
type keptMentor struct {
	per       match.Person
	seats     int
	certified bool
	offers    string
	hasStart  bool // a recovery start date in the profile
	start     recovery.Date
	startOK   bool // it and the log could be read
	returns   []recovery.Date
	loc       *time.Location
}

// mentorView is the mentors who may mentor in one quarter of an hour, in
// the order kept, with filtered lists made on first use.
type mentorView struct {
	bucket   time.Time
	min      time.Duration
	people   []match.Person
	byID     map[string]*keptMentor
	mu       sync.Mutex // guards filtered
	filtered map[[2]string][]match.Person
}

// mentorQuarter is the span within which no zone's date changes.
const mentorQuarter = 15 * time.Minute

// maxMentorFilters bounds the filtered lists a view keeps.
const maxMentorFilters = 64

// mentorsToSuggest returns the mentors who may take a mentee now, as
// availableMentors does but without their blocks (the asker's own list
// says them both ways), with what a suggestion shows of each.
func (a *App) mentorsToSuggest(ctx context.Context) (*mentorView, error) {
	v, err := a.store.DirectoryVersion(ctx, store.MentorsVersion)
	if err != nil {
		return nil, err
	}
	c := &a.mentors
	c.mu.Lock()
	snap := c.snap
	c.mu.Unlock()
	if snap == nil || snap.version != v {
		list, err := a.readMentors(ctx)
		if err != nil {
			return nil, err
		}
		snap = &mentorSnapshot{version: v, list: list}
		c.mu.Lock()
		c.snap = snap
		c.mu.Unlock()
	}
	return snap.viewAt(a.now(), a.mentorMin), nil
}

// viewAt is the snapshot's mentors who may mentor at now.
func (s *mentorSnapshot) viewAt(now time.Time, min time.Duration) *mentorView {
	bucket := now.Truncate(mentorQuarter)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.view != nil && s.view.bucket.Equal(bucket) && s.view.min == min {
		return s.view
	}
	v := &mentorView{bucket: bucket, min: min, byID: map[string]*keptMentor{}, filtered: map[[2]string][]match.Person{}}
	for i := range s.list {
		k := &s.list[i]
		if per, ok := k.at(now, min); ok {
			v.people = append(v.people, per)
			v.byID[per.ID] = k
		}
	}
	s.view = v
	return v
}

// matching returns the view's mentors who speak language and share
// pathway (either "" for any). The list is shared: read it only.
func (v *mentorView) matching(language, pathway string) []match.Person {
	if language == "" && pathway == "" {
		return v.people
	}
	key := [2]string{language, pathway}
	v.mu.Lock()
	got, ok := v.filtered[key]
	v.mu.Unlock()
	if ok {
		return got
	}
	var out []match.Person
	for _, m := range v.people {
		if language != "" && !speaks(m.Languages, language) || pathway != "" && !contains(m.Pathways, pathway) {
			continue
		}
		out = append(out, m)
	}
	v.mu.Lock()
	if len(v.filtered) >= maxMentorFilters {
		clear(v.filtered)
	}
	v.filtered[key] = out
	v.mu.Unlock()
	return out
}

// at is k's matching view at now (its time in recovery then, seats
// left as capacity), and whether k may mentor then: the least time in
// recovery is min.
func (k *keptMentor) at(now time.Time, min time.Duration) (match.Person, bool) {
	if !k.hasStart {
		return match.Person{}, false
	}
	years := 0.0
	if k.startOK {
		st := recovery.Compute(k.start, k.returns, recovery.DateOf(now, k.loc))
		years = float64(st.CumulativeDays) / 365
	}
	if years*365*24 < min.Hours() {
		return match.Person{}, false
	}
	per := k.per
	per.RecoveryYears, per.Capacity = years, k.seats
	return per, true
}

// readMentors reads every mentor who may take a mentee (readMentor).
func (a *App) readMentors(ctx context.Context) ([]keptMentor, error) {
	mps, err := a.store.ListMentorProfiles(ctx)
	if err != nil {
		return nil, err
	}
	var out []keptMentor
	for _, mp := range mps {
		if k, ok := a.readMentor(ctx, mp); ok {
			out = append(out, k)
		}
	}
	return out, nil
}

// readMentor reads a mentor who offers, is not paused, has two-factor
// login and a seat left, with what their time in recovery is worked out
// from; false for anyone else. Whether they have been in recovery long
// enough is the kept mentor's at.
func (a *App) readMentor(ctx context.Context, mp *store.MentorshipProfile) (keptMentor, bool) {
	if mp.Paused {
		return keptMentor{}, false
	}
	u, err := a.store.FindUserByID(ctx, mp.UserID)
	if err != nil || u.Deleted() || !u.MFAEnabled {
		return keptMentor{}, false
	}
	taken, err := a.store.CountMentees(ctx, mp.UserID)
	if err != nil || taken >= mp.Capacity {
		return keptMentor{}, false
	}
	_, sealed, err := a.loadSettings(ctx, mp.UserID)
	if err != nil {
		return keptMentor{}, false
	}
	p, err := a.LoadProfile(ctx, mp.UserID)
	if err != nil {
		return keptMentor{}, false
	}
	k := keptMentor{seats: mp.Capacity - taken, certified: mp.CertifiedBy != "", offers: sealed.Offers, hasStart: p.RecoveryStart != "", loc: time.UTC}
	if p.TimeZone != "" {
		if z, err := loadZone(p.TimeZone); err == nil {
			k.loc = z
		}
	}
	if k.hasStart {
		if start, err := recovery.ParseDate(p.RecoveryStart); err == nil {
			if l, err := a.loadRecoveryLog(ctx, a.store, mp.UserID); err == nil {
				k.start, k.startOK = start, true
				for _, r := range l.Returns {
					if d, err := recovery.ParseDate(r); err == nil {
						k.returns = append(k.returns, d)
					}
				}
			}
		}
	}
	k.per = match.Person{ID: mp.UserID, Pathways: p.Pathways, Substances: p.Substances, Languages: spokenLanguages(p.Languages), Gender: matchTerm(sealed.Gender), Age: sealed.Age,
		Timezone: p.TimeZone, Availability: sealed.Availability, Circumstances: p.LifeCircumstances, Spirituality: matchTerm(sealed.Spirituality),
		Family: matchTerm(sealed.Family)}
	if k.per.Timezone == "" {
		k.per.Timezone = "UTC"
	}
	return k, true
}
