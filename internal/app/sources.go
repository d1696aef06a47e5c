package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// feedClient fetches registered feeds; a slow feed cannot hold a job forever.
var feedClient = &http.Client{Timeout: 2 * time.Minute}

// RegisterMeetingSource records a Meeting Guide feed URL to refresh on a
// schedule (an operator action). Errors: invalid.
func (a *App) RegisterMeetingSource(ctx context.Context, name, feedURL, zone string) error {
	u, err := url.Parse(feedURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &model.Error{Kind: model.KindInvalid, Message: "register a feed by its http(s) URL", Fields: map[string]string{"url": "an http(s) URL"}}
	}
	if strings.TrimSpace(name) == "" {
		return &model.Error{Kind: model.KindInvalid, Message: "name the source", Fields: map[string]string{"name": "name the source"}}
	}
	return a.store.SaveMeetingSource(ctx, store.MeetingSource{Name: name, URL: feedURL, TimeZone: zone})
}

// RefreshMeetingSources fetches and imports every registered feed; one
// failing feed is recorded and never stops the others. The job queue runs
// it on a schedule and at start.
func (a *App) RefreshMeetingSources(ctx context.Context) (refreshed int, err error) {
	srcs, err := a.store.ListMeetingSources(ctx)
	if err != nil {
		return 0, err
	}
	for _, s := range srcs {
		s.LastRefresh = a.now()
		counts, skipped, ferr := a.refreshOne(ctx, s)
		var held *HeldImportError
		switch {
		case errors.As(ferr, &held):
			s.LastResult = "held: " + held.Error() + fmt.Sprintf(" (kinship import meetings %s --source %s --force)", s.URL, s.Name)
			a.log.Warn("meeting feed held: its meetings are kept", "source", s.Name, "before", held.Before, "listed", held.Listed,
				"force", fmt.Sprintf("kinship import meetings %s --source %s --force", s.URL, s.Name))
		case ferr != nil:
			s.LastResult = "failed: " + ferr.Error()
			a.log.Warn("meeting feed refresh failed", "source", s.Name, "err", ferr)
		default:
			refreshed++
			s.LastResult = fmt.Sprintf("imported %d, updated %d, unchanged %d, retired %d, skipped %d", counts.Imported, counts.Updated, counts.Unchanged, counts.Retired, skipped)
			if counts.Kept > 0 {
				s.LastResult += fmt.Sprintf(" (%d of them kept as last imported)", counts.Kept)
			}
		}
		if err := a.store.SaveMeetingSource(ctx, s); err != nil {
			return refreshed, err
		}
	}
	return refreshed, nil
}

func (a *App) refreshOne(ctx context.Context, s store.MeetingSource) (store.ImportCounts, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	if err != nil {
		return store.ImportCounts{}, 0, err
	}
	res, err := feedClient.Do(req)
	if err != nil {
		return store.ImportCounts{}, 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return store.ImportCounts{}, 0, fmt.Errorf("the server answered %s", res.Status)
	}
	parsed, err := importer.ParseMeetingGuide(io.LimitReader(res.Body, 64<<20), importer.Options{TimeZone: s.TimeZone})
	if err != nil {
		return store.ImportCounts{}, 0, err
	}
	c, err := a.ImportMeetings(ctx, s.Name, parsed)
	return c, len(parsed.Skipped), err
}
