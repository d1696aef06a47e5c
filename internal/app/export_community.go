package app

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// communityExport is what a person wrote in the community, as their data
// export holds it: their own words whatever became of them (a removed
// post's body too), and the reports they made with their details.
type communityExport struct {
	Posts    []exportedPost    `json:"posts"`
	Comments []exportedComment `json:"comments"`
	Reports  []exportedReport  `json:"reports_you_made"`
}

// exportedPost is one of the person's posts; GroupID is "" for the
// community space.
type exportedPost struct {
	ID          string          `json:"id"`
	GroupID     string          `json:"group_id,omitempty"`
	Kind        string          `json:"kind"`
	Title       string          `json:"title"`
	Body        string          `json:"body"`
	ContentNote string          `json:"content_note,omitempty"`
	State       string          `json:"state"`
	CreatedAt   model.Timestamp `json:"created_at"`
}

// exportedComment is one of the person's comments and the post it answers.
type exportedComment struct {
	ID        string          `json:"id"`
	PostID    string          `json:"post_id"`
	Body      string          `json:"body"`
	State     string          `json:"state"`
	CreatedAt model.Timestamp `json:"created_at"`
}

// exportedReport is a report the person made and what became of it.
type exportedReport struct {
	ID         string          `json:"id"`
	TargetType string          `json:"target_type"`
	TargetID   string          `json:"target_id"`
	Reason     string          `json:"reason"`
	Details    string          `json:"details,omitempty"`
	Status     string          `json:"status"`
	CreatedAt  model.Timestamp `json:"created_at"`
}

// exportCommunity is the data export's part for what userID wrote in the
// community: its posts, comments and reports were missing from the file.
func (a *App) exportCommunity(ctx context.Context, userID string) (string, any, error) {
	const name = "community_you_wrote"
	w, err := a.store.ListAuthored(ctx, userID)
	if err != nil {
		return name, nil, err
	}
	out := communityExport{Posts: []exportedPost{}, Comments: []exportedComment{}, Reports: []exportedReport{}}
	for _, p := range w.Posts {
		e := exportedPost{ID: p.ID, GroupID: p.GroupID, Kind: p.Kind, Title: p.Title, ContentNote: p.ContentNote, State: p.State, CreatedAt: model.At(p.CreatedAt)}
		if b, err := a.box.Open(p.Sealed, postAAD(p.ID)); err == nil {
			e.Body = string(b)
		}
		out.Posts = append(out.Posts, e)
	}
	for _, c := range w.Comments {
		e := exportedComment{ID: c.ID, PostID: c.PostID, State: c.State, CreatedAt: model.At(c.CreatedAt)}
		if b, err := a.box.Open(c.Sealed, commentAAD(c.ID)); err == nil {
			e.Body = string(b)
		}
		out.Comments = append(out.Comments, e)
	}
	for _, r := range w.Reports {
		e := exportedReport{ID: r.ID, TargetType: r.TargetType, TargetID: r.TargetID, Reason: r.Reason, Status: r.Status, CreatedAt: model.At(r.CreatedAt)}
		if len(r.Details) > 0 {
			if b, err := a.box.Open(r.Details, reportDetailsAAD(r.ID)); err == nil {
				e.Details = string(b)
			}
		}
		out.Reports = append(out.Reports, e)
	}
	return name, out, nil
}
