package app

import (
	"context"

	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// ImportMeetings stores a parsed Meeting Guide feed as the source's
// meetings: new slugs are added, known ones updated, and meetings missing
// from the feed retired, all in one transaction. It is an operator action.
func (a *App) ImportMeetings(ctx context.Context, source string, res *importer.Result) (store.ImportCounts, error) {
	ms := make([]store.DirectoryMeeting, 0, len(res.Meetings))
	for _, m := range res.Meetings {
		ms = append(ms, store.DirectoryMeeting{Slug: m.Slug, Name: m.Name, Day: m.Day, Time: m.Time, EndTime: m.EndTime, TimeZone: m.TimeZone,
			Types: m.Types, Attendance: m.Attendance, ConferenceURL: m.ConferenceURL, ConferencePhone: m.ConferencePhone, Location: m.Location,
			Address: m.Address, Approximate: m.Approximate, Latitude: m.Latitude, Longitude: m.Longitude, Region: m.Region, Notes: m.Notes, URL: m.URL})
	}
	return a.store.ImportMeetings(ctx, source, ms, a.now())
}

// ListMeetings returns active directory meetings for anyone, signed in or
// not: day -2 for any day (-1 by appointment), attendance "" for any.
// Errors: invalid.
func (a *App) ListMeetings(ctx context.Context, day int, attendance string) ([]store.DirectoryMeeting, error) {
	if day < -2 || day > 6 {
		return nil, &model.Error{Kind: model.KindInvalid, Message: "day is 0 (Sunday) to 6 (Saturday)", Fields: map[string]string{"day": "use 0 to 6"}}
	}
	switch attendance {
	case "", importer.InPerson, importer.Online, importer.Hybrid:
	default:
		return nil, &model.Error{Kind: model.KindInvalid, Message: "attendance is in_person, online or hybrid", Fields: map[string]string{"attendance": "use in_person, online or hybrid"}}
	}
	ms, err := a.store.ListMeetings(ctx, day, attendance, 5000)
	if ms == nil {
		ms = []store.DirectoryMeeting{}
	}
	return ms, err
}
