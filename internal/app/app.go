// Package app holds Kinship's use cases and the one place where
// authorization is decided. HTTP handlers decode, call app, and encode.
package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kinshiprecovery/kinship/internal/mail"
	"github.com/kinshiprecovery/kinship/internal/match"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/push"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/secret"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// Options are the settings the use cases need.
type Options struct {
	BaseURL string
	// DefaultCountry is the country whose crisis lines a person sees until
	// they choose theirs; "" guesses from their browser (VisitorCountry).
	DefaultCountry string
	// Operator names the organization that runs this Kinship and holds
	// its members' data ("" when the operator gave none): the privacy
	// page says so.
	Operator        string
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// RelationResolver tells how close a viewer is to a profile's owner.
// Later parts (connections, groups, mentorship, partners) plug in here.
type RelationResolver interface {
	Relation(ctx context.Context, viewerID, ownerID string) (model.Relation, error)
}

// Outbox queues email durably (the job queue), inside st's transaction
// when st is one, so an email is sent exactly when its cause commits.
type Outbox interface {
	SendEmail(ctx context.Context, st store.Store, m mail.Message) error
}

// ExportPart adds one named section to a person's data export.
type ExportPart func(ctx context.Context, userID string) (name string, data any, err error)

// App is the set of use cases.
type App struct {
	store     store.Store
	box       *secret.Box
	mailer    mail.Mailer
	outbox    Outbox
	log       *slog.Logger
	opts      Options
	relations RelationResolver
	exports   []ExportPart
	erasers   []Eraser
	// facilities caches the treatment directory and its spatial index.
	facilities facilityCache
	// meetings caches the meeting directory and its spatial index.
	meetings meetingCache
	// mentors keeps the mentors a suggestion may offer.
	mentors mentorCache
	// hub delivers committed chat changes in real time (nil: nobody listens).
	hub *realtime.Hub
	// chatLimit keeps chat from flooding.
	chatLimit *memLimiter
	// names caches display names, which every chat message shows.
	names *nameCache
	// scheduler runs the support ladder's durable timers.
	scheduler     Scheduler
	escalateAfter time.Duration
	// weights score mentor–mentee pairs; mentorMin is the least time in recovery to mentor.
	weights   match.Weights
	mentorMin time.Duration
	// freeToWrite remembers, for freeKeep, accounts found without a
	// restriction (see mayWrite); freeGen counts what made it forget
	// (forgetFree), and freeClock is its clock (time.Now; a test's).
	freeToWrite sync.Map
	freeGen     atomic.Uint64
	freeClock   func() time.Time
	// vapid is the instance's push key pair, derived from its key; push
	// is how this node sends push messages (see SetPush).
	vapid *push.VAPID
	push  PushConfig
	// convs keeps conversations and their groups for access checks.
	convs convCache
	// sessions keeps sessions found valid and their accounts, briefly.
	sessions sessionCache
	// standings keeps accounts' standing and blocks either way, briefly.
	standings standingCache
	// layouts keeps the layout's counts and place on a SQLite node.
	layouts layoutCache
	// members keeps rows in groups for the access checks on a SQLite node.
	members memberCache
	// chatAccess keeps what a group chat page's statement reads on a
	// SQLite node.
	chatAccess chatAccessCache
	// crisis keeps the crisis lines every page shows.
	crisis crisisCache
	// fits keeps which messages' words are words of crisis.
	fits fitCache
	// pages keeps the newest page of sealed message rows of direct-message
	// threads.
	pages pageCache
	// chats keeps the recent messages of group conversations as views.
	chats chatViews
	// others is FollowOtherWriters' state (SQLite).
	others otherWriters
}

// New returns an App over its parts.
func New(st store.Store, box *secret.Box, mailer mail.Mailer, log *slog.Logger, opts Options) *App {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SessionIdle == 0 {
		opts.SessionIdle = 7 * 24 * time.Hour
	}
	if opts.SessionAbsolute == 0 {
		opts.SessionAbsolute = 30 * 24 * time.Hour
	}
	a := &App{store: st, box: box, mailer: mailer, log: log, opts: opts}
	a.relations = partnerRelations{a}
	a.chatLimit = &memLimiter{now: opts.Now}
	a.names = &nameCache{}
	a.others.wake = make(chan struct{}, 1)
	a.weights, a.mentorMin = match.DefaultWeights(), DefaultMentorMinRecovery
	a.registerCheckinParts()
	a.AddEraser(func(ctx context.Context, tx store.Store, userID string) error {
		return tx.DeleteUserPushSubscriptions(ctx, userID)
	})
	if box != nil {
		a.vapid, _ = push.DeriveVAPID(box)
	}
	a.watchWrites(st)
	return a
}

// SetOutbox makes email go through the durable queue instead of straight to the mailer.
func (a *App) SetOutbox(o Outbox) { a.outbox = o }

// SetRelations installs the resolver of viewer–owner relations.
func (a *App) SetRelations(r RelationResolver) { a.relations = r }

// AddExportPart registers a section of the data export.
func (a *App) AddExportPart(p ExportPart) { a.exports = append(a.exports, p) }

// Store exposes the store to sibling packages that compose use cases.
func (a *App) Store() store.Store { return a.store }

func (a *App) now() time.Time { return a.opts.Now().UTC() }

// Now is the app's clock (time.Now unless Options.Now says otherwise).
func (a *App) Now() time.Time { return a.now() }

// Operator is the name of the organization that runs this Kinship and
// holds its members' data, "" when the operator gave none (Options).
func (a *App) Operator() string { return a.opts.Operator }

// Actor is the signed-in person making a request.
type Actor struct {
	User    *model.User
	Session *model.Session
	// alongside is the layout a request's first read asked for on
	// PostgreSQL (layoutAlongside), for its page's Layout.
	alongside *store.LayoutAlongside
}

// NeedsMFASetup reports whether the actor's role requires two-factor login
// that they have not set up yet.
func (a *Actor) NeedsMFASetup() bool {
	return a != nil && a.User.Role.RequiresMFA() && !a.User.MFAEnabled
}

type actorKey struct{}

// WithActor returns ctx carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil for an anonymous request.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

func newID() string { return ulid.Make().String() }

// newToken returns a random 128-bit token and its SHA-256 hash for storage.
func newToken() (token, hash string) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// notFound turns a store not-found into the domain kind, keeping other
// errors; id is the catalog message that names what was not found
// ("apperrf.not_found.account": "account not found").
func notFound(err error, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		e := errSay(model.KindNotFound, id)
		e.Err = err
		return e
	}
	return err
}

var errUnauthenticated = &model.Error{Kind: model.KindUnauthorized, Message: "sign in to continue"}

func requireActor(ctx context.Context) (*Actor, error) {
	a := ActorFrom(ctx)
	if a == nil {
		return nil, errUnauthenticated
	}
	return a, nil
}
