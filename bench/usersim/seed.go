package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// Roles a simulated person plays.
const (
	roleMember      = "member"
	roleMentor      = "mentor"
	roleFacilitator = "facilitator"
)

// person is one seeded account and what the simulator knows of it.
type person struct {
	i       int
	id      string
	token   string
	role    string
	groups  []string // group IDs, the facilitated one first for a facilitator
	partner int      // index of the accountability partner, -1 for none
	thread  string   // DM thread with the partner, once opened
}

// population is the seeded instance.
type population struct {
	people []*person
	groups []string
}

// cities are where the seeded meetings are (and where finder searches look).
var cities = [][2]float64{{41.88, -87.63}, {40.71, -74.01}, {34.05, -118.24}, {29.76, -95.37}, {39.95, -75.17},
	{47.61, -122.33}, {39.74, -104.99}, {33.75, -84.39}, {42.36, -71.06}, {45.52, -122.68}}

// seed writes n accounts with sessions, their groups (10-50 members; each
// person in 2-5), partnerships and a meeting directory straight into the
// store, so that thousands of accounts take seconds (signing up through the
// API would spend the run hashing passwords). Facilitators and mentors set
// up two-factor login later, through the API, as people do.
func seed(ctx context.Context, databaseURL, dir string, n, meetings int, rng *mrand.Rand) (*population, error) {
	st, err := bunstore.Open(ctx, databaseURL, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	now := time.Now().UTC()
	joined := now.AddDate(0, -3, 0)
	pop := &population{}
	// Each person is in 3.5 groups on average and a group has 30 members
	// on average, so there is a group for every 30/3.5 people.
	nGroups := max(2, n*35/300)
	for i := 0; i < n; i++ {
		p := &person{i: i, partner: -1, role: roleMember}
		switch {
		case i < nGroups:
			p.role = roleFacilitator
		case i < nGroups+n/10:
			p.role = roleMentor
		}
		pop.people = append(pop.people, p)
	}
	for i := 0; i+1 < n; i += 2 {
		if pop.people[i].role != roleFacilitator && rng.IntN(2) == 0 {
			pop.people[i].partner, pop.people[i+1].partner = i+1, i
		}
	}
	err = st.InTx(ctx, func(tx store.Store) error {
		// The first account is the site admin, as on a real instance.
		admin := &model.User{ID: ulid.Make().String(), Email: "admin@bench.invalid", PasswordHash: "-", Role: model.RoleSiteAdmin, CreatedAt: now}
		if err := tx.CreateUser(ctx, admin); err != nil {
			return err
		}
		for _, p := range pop.people {
			p.id = ulid.Make().String()
			// Established members: accounts from three months ago.
			u := &model.User{ID: p.id, Email: fmt.Sprintf("p%d@bench.invalid", p.i), EmailVerifiedAt: &joined, PasswordHash: "-", Role: model.RoleMember, CreatedAt: joined}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			if err := tx.UpsertProfile(ctx, &store.StoredProfile{UserID: p.id, DisplayName: fmt.Sprintf("Person %d", p.i), TimeZone: "America/Chicago", Visibility: map[string]model.Visibility{}, UpdatedAt: now}); err != nil {
				return err
			}
			b := make([]byte, 16)
			rand.Read(b)
			p.token = hex.EncodeToString(b)
			sum := sha256.Sum256([]byte(p.token))
			s := &model.Session{ID: ulid.Make().String(), UserID: p.id, TokenHash: hex.EncodeToString(sum[:]), CreatedAt: now, LastSeenAt: now,
				ExpiresAt: now.Add(24 * time.Hour), AuthAt: now, UserAgent: "usersim"}
			if err := tx.CreateSession(ctx, s); err != nil {
				return err
			}
		}
		for g := 0; g < nGroups; g++ {
			gid := ulid.Make().String()
			fac := pop.people[g]
			if err := tx.CreateGroup(ctx, &store.Group{ID: gid, Name: fmt.Sprintf("%s group %d", topics[g%len(topics)], g), Description: "A peer group that meets to talk about " + topics[g%len(topics)] + ".",
				Visibility: "listed", CreatedBy: fac.id, CreatedAt: now, UpdatedAt: now}); err != nil {
				return err
			}
			pop.groups = append(pop.groups, gid)
			fac.groups = append(fac.groups, gid)
			if err := tx.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: fac.id, Role: "facilitator", Status: "active", CreatedAt: now, UpdatedAt: now}); err != nil {
				return err
			}
		}
		for _, p := range pop.people {
			want := 2 + rng.IntN(4)
			for tries := 0; len(p.groups) < want && tries < 20; tries++ {
				gid := pop.groups[rng.IntN(nGroups)]
				if contains(p.groups, gid) {
					continue
				}
				p.groups = append(p.groups, gid)
				if err := tx.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: p.id, Role: "member", Status: "active", CreatedAt: now, UpdatedAt: now}); err != nil {
					return err
				}
			}
			if p.partner > p.i {
				q := pop.people[p.partner]
				side := model.SuggestedPartnerSide()
				if err := tx.CreatePartnership(ctx, &model.Partnership{ID: ulid.Make().String(), RequesterID: p.id, PartnerID: q.id, Status: model.PartnerActive,
					Requester: side, Partner: side, CreatedAt: now, UpdatedAt: now}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var ms []store.DirectoryMeeting
	for i := 0; i < meetings; i++ {
		c := cities[i%len(cities)]
		lat, lng := c[0]+(rng.Float64()-0.5)*0.6, c[1]+(rng.Float64()-0.5)*0.6
		h := 6 + rng.IntN(16)
		ms = append(ms, store.DirectoryMeeting{Source: "bench", Slug: fmt.Sprint("m", i), Name: fmt.Sprintf("%s meeting %d", topics[i%len(topics)], i), Day: i % 7,
			Time: fmt.Sprintf("%02d:00", h), EndTime: fmt.Sprintf("%02d:00", h+1), TimeZone: "America/Chicago", Types: []string{"O"}, Attendance: "in_person",
			Location: "Community hall", Address: "1 Main St", Latitude: &lat, Longitude: &lng, Region: "US"})
	}
	if _, err := st.ImportMeetings(ctx, "bench", ms, now); err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	return pop, nil
}

var topics = []string{"Evening", "Morning", "Family", "Parents", "Veterans", "Young people", "Women's", "Men's", "LGBTQ+", "Faith", "SMART", "Mindfulness"}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
