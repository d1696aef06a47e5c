package app

import (
	"context"
	"net/http"
	"time"
)

// linkClient checks resource links; it follows redirects and gives up quickly.
var linkClient = &http.Client{Timeout: 15 * time.Second}

// CheckResourceLinks asks every published resource's link whether it still
// answers, and flags the ones that do not (a 4xx/5xx answer or no answer)
// for moderators by counting a broken-link report from the checker. The job
// queue runs it daily when link checking is on.
func (a *App) CheckResourceLinks(ctx context.Context) (broken int, err error) {
	rs, err := a.store.ListResources(ctx, ResourcePublished)
	if err != nil {
		return 0, err
	}
	for _, r := range rs {
		if linkAnswers(ctx, r.URL) {
			continue
		}
		broken++
		// One report per resource and day, so a dead link rises in the queue
		// without counting the same failure twice a day.
		day := a.now().Format("2006-01-02")
		if _, err := a.store.MarkResource(ctx, r.ID, "link-checker:"+day, "broken"); err != nil {
			return broken, err
		}
	}
	return broken, nil
}

func linkAnswers(ctx context.Context, url string) bool {
	for _, method := range []string{http.MethodHead, http.MethodGet} {
		req, err := http.NewRequestWithContext(ctx, method, url, nil)
		if err != nil {
			return false
		}
		req.Header.Set("User-Agent", "Kinship link checker")
		res, err := linkClient.Do(req)
		if err != nil {
			continue
		}
		res.Body.Close()
		if res.StatusCode < 400 {
			return true
		}
		if res.StatusCode != http.StatusMethodNotAllowed {
			return false
		}
	}
	return false
}
