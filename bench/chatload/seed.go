package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
)

// fixture is what the clients need: each member's token and group.
type fixture struct {
	tokens []string
	groups []string // group of member i
}

// seed writes members with sessions and their groups straight into a new
// data directory, so that thousands of accounts take seconds (signing up
// through the API would spend most of the run in password hashing).
func seed(dir string, groups, members int) (*fixture, error) {
	ctx := context.Background()
	st, err := bunstore.Open(ctx, "", dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	now := time.Now().UTC()
	fix := &fixture{}
	err = st.InTx(ctx, func(tx store.Store) error {
		// The first account is the site admin, as on a real instance.
		admin := &model.User{ID: ulid.Make().String(), Email: "admin@bench.invalid", PasswordHash: "-", Role: model.RoleSiteAdmin, CreatedAt: now}
		if err := tx.CreateUser(ctx, admin); err != nil {
			return err
		}
		for g := 0; g < groups; g++ {
			gid := ulid.Make().String()
			if err := tx.CreateGroup(ctx, &store.Group{ID: gid, Name: fmt.Sprint("Group ", g), Visibility: "listed", CreatedBy: admin.ID, CreatedAt: now, UpdatedAt: now}); err != nil {
				return err
			}
			for m := 0; m < members; m++ {
				u := &model.User{ID: ulid.Make().String(), Email: fmt.Sprintf("m%d-%d@bench.invalid", g, m), PasswordHash: "-", Role: model.RoleMember, CreatedAt: now}
				if err := tx.CreateUser(ctx, u); err != nil {
					return err
				}
				if err := tx.UpsertProfile(ctx, &store.StoredProfile{UserID: u.ID, DisplayName: fmt.Sprintf("Member %d-%d", g, m), TimeZone: "UTC", Visibility: map[string]model.Visibility{}, UpdatedAt: now}); err != nil {
					return err
				}
				role := "member"
				if m == 0 {
					role = "facilitator"
				}
				if err := tx.SaveGroupMember(ctx, &store.GroupMember{GroupID: gid, UserID: u.ID, Role: role, Status: "active", CreatedAt: now, UpdatedAt: now}); err != nil {
					return err
				}
				b := make([]byte, 16)
				rand.Read(b)
				token := hex.EncodeToString(b)
				sum := sha256.Sum256([]byte(token))
				s := &model.Session{ID: ulid.Make().String(), UserID: u.ID, TokenHash: hex.EncodeToString(sum[:]), CreatedAt: now, LastSeenAt: now,
					ExpiresAt: now.Add(24 * time.Hour), AuthAt: now, UserAgent: "chatload"}
				if err := tx.CreateSession(ctx, s); err != nil {
					return err
				}
				fix.tokens = append(fix.tokens, token)
				fix.groups = append(fix.groups, gid)
			}
		}
		return nil
	})
	return fix, err
}
