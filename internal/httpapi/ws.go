package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/i18n"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/realtime"
	"github.com/kinshiprecovery/kinship/internal/web"
)

// socketOps carries out socket requests with the same use cases as the
// plain HTTP routes.
type socketOps struct{ app *app.App }

func (o socketOps) Handle(ctx context.Context, c *realtime.Client, req realtime.Request) (any, error) {
	ctx, col := app.WithSafety(ctx)
	res, err := o.handle(ctx, req)
	if note := col.Note(); note != nil && err == nil {
		// The author's private note travels in their own answer only, in
		// the language of the page that opened the socket (the page draws
		// its words as they come).
		l, _ := ctx.Value(pageLangKey{}).(*i18n.Lang)
		return map[string]any{"message": res, "safety": web.NoteIn(l, note)}, nil
	}
	return res, err
}

func (o socketOps) handle(ctx context.Context, req realtime.Request) (any, error) {
	switch req.Op {
	case "send":
		m, _, err := o.app.SendMessage(ctx, req.Conv, req.ClientID, req.Body)
		return m, err
	case "edit":
		return o.app.EditMessage(ctx, req.MessageID, req.Body)
	case "delete":
		return o.app.DeleteMessage(ctx, req.MessageID, req.Reason)
	case "react", "unreact":
		return o.app.React(ctx, req.MessageID, req.Reaction, req.Op == "react")
	case "read":
		return nil, o.app.MarkRead(ctx, req.Conv, req.Seq)
	case "history":
		// Limit 0 means the default of 50; more than 200 is refused.
		return o.app.ListMessages(ctx, req.Conv, req.After, req.Seq, req.Limit)
	}
	return nil, &model.Error{Kind: model.KindInvalid, Message: "unknown op " + req.Op + "; use subscribe, send, edit, delete, react, unreact, read, history or ping"}
}

func (o socketOps) Describe(err error) (string, string) {
	var e *model.Error
	if errors.As(err, &e) && e.Kind != model.KindInternal {
		msg := e.Message
		for k, v := range e.Fields {
			msg += " (" + k + ": " + v + ")"
			break
		}
		return string(e.Kind), msg
	}
	return string(model.KindInternal), "something went wrong on our side; please try again"
}

// pageLangKey keeps, in a socket's context, the language of the page that
// opened it.
type pageLangKey struct{}

// Words is what Describe says, in the language of the page that opened the
// socket, for the chat page to show (a message built with values through
// its catalog message, a fixed one through its English words).
func (o socketOps) Words(ctx context.Context, err error) string {
	l, _ := ctx.Value(pageLangKey{}).(*i18n.Lang)
	if l == nil {
		l = i18n.For("")
	}
	var e *model.Error
	if !errors.As(err, &e) || e.Kind == model.KindInternal {
		return l.T("error.internal")
	}
	if e.Msg != nil {
		return l.Say(e.Msg)
	}
	return l.App(e.Message)
}

// ws upgrades to the real-time socket. A browser's Origin must be this
// site's: the socket carries the session cookie, so a foreign page must
// not open one.
func (s *Server) ws(w http.ResponseWriter, r *http.Request) {
	if s.socket == nil {
		writeProblem(w, r, problemFor(kindUnavailable, "real-time delivery is off on this node; use the HTTP routes"))
		return
	}
	if !s.socket.OriginAllowed(r) {
		writeProblem(w, r, problemFor(model.KindForbidden, "WebSocket connections are accepted only from Kinship's own pages"))
		return
	}
	// The handshake is checked here so that a refusal is a problem like
	// every other API error (the WebSocket library would answer plain text).
	if !headerHas(r.Header.Get("Connection"), "upgrade") || !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		w.Header().Set("Upgrade", "websocket")
		w.Header().Set("Connection", "Upgrade")
		writeProblem(w, r, problemFor(kindUpgradeRequired, "this address takes a WebSocket connection; open it with a WebSocket client (Upgrade: websocket)"))
		return
	}
	if r.Header.Get("Sec-WebSocket-Version") != "13" {
		w.Header().Set("Sec-WebSocket-Version", "13")
		p := problemFor(model.KindInvalid, "use WebSocket version 13")
		p.Errors = []fieldError{{Name: "Sec-WebSocket-Version", In: "header", Detail: "must be 13"}}
		writeProblem(w, r, p)
		return
	}
	if r.Header.Get("Sec-WebSocket-Key") == "" {
		p := problemFor(model.KindInvalid, "the WebSocket handshake needs a Sec-WebSocket-Key header")
		p.Errors = []fieldError{{Name: "Sec-WebSocket-Key", In: "header", Detail: "is required"}}
		writeProblem(w, r, p)
		return
	}
	// A chat page's socket names its conversation and the last change it
	// has (?conv=…&after=…): it opens subscribed, as a subscribe request
	// would have it (TestSocketOpensSubscribed).
	conv, after, p := openSubscription(r)
	if p != nil {
		writeProblem(w, r, *p)
		return
	}
	// A fresh context with only the member and the page's language in it:
	// the request's own context (and all it holds) is not kept alive for
	// the socket's lifetime.
	act := app.ActorFrom(r.Context())
	ctx := context.WithValue(app.WithActor(context.Background(), socketActor(act)), pageLangKey{}, s.web.Lang(r))
	s.socket.ServeSubscribed(ctx, w, r, act.User.ID, act.Session.ID, conv, after)
}

// openSubscription reads the subscription a socket opens with: conv, and
// after (the last change the page has, 0 or more; 0 when not given).
func openSubscription(r *http.Request) (string, int64, *problem) {
	q := r.URL.Query()
	conv, at := q.Get("conv"), q.Get("after")
	if conv == "" && at == "" {
		return "", 0, nil
	}
	if conv == "" {
		p := problemFor(model.KindInvalid, "after goes with conv: the conversation the socket opens subscribed to")
		p.Errors = []fieldError{{Name: "conv", In: "query", Detail: "is required with after"}}
		return "", 0, &p
	}
	if at == "" {
		return conv, 0, nil
	}
	after, err := strconv.ParseInt(at, 10, 64)
	if err != nil || after < 0 {
		p := problemFor(model.KindInvalid, "after is the last change you have of the conversation, a whole number 0 or more")
		p.Errors = []fieldError{{Name: "after", In: "query", Detail: "must be a whole number, 0 or more"}}
		return "", 0, &p
	}
	return conv, after, nil
}

// socketActor is the member as a socket keeps them for its lifetime: what
// chat needs, without the password hash, the sealed TOTP secret, the
// session's token hash and device, which would otherwise stay in memory
// once per open connection.
func socketActor(act *app.Actor) *app.Actor {
	u := *act.User
	u.PasswordHash, u.MFASecretEnc = "", nil
	return &app.Actor{User: &u, Session: &model.Session{ID: act.Session.ID, UserID: act.User.ID}}
}

// headerHas reports whether a comma-separated header value holds token.
func headerHas(value, token string) bool {
	for _, v := range strings.Split(value, ",") {
		if strings.EqualFold(strings.TrimSpace(v), token) {
			return true
		}
	}
	return false
}
