package app

import (
	"context"
	"slices"
	"sync"

	"github.com/kinshiprecovery/kinship/internal/realtime"
)

// crisisCache keeps, on each node, the crisis lines every page shows in its
// help strip (read from the database on every page before: a tenth of a
// node's CPU under bench/usersim). An admin's change publishes
// realtime.KindCrisisLines so that every node drops its copy; a broker
// resync drops it too.
type crisisCache struct {
	mu   sync.Mutex
	gen  uint64
	list []HelpResource
	ok   bool
}

func (c *crisisCache) get() ([]HelpResource, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.list, c.ok, c.gen
}

// put keeps list unless it was dropped since gen was read.
func (c *crisisCache) put(list []HelpResource, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen {
		c.list, c.ok = list, true
	}
}

func (c *crisisCache) changed(ev realtime.Event) {
	if ev.Kind == realtime.KindCrisisLines || ev.Kind == realtime.KindResync {
		c.mu.Lock()
		c.gen++
		c.list, c.ok = nil, false
		c.mu.Unlock()
	}
}

// CrisisLinesGen counts the changes to this node's crisis lines: what
// LinesFor returns after reading it is at least as new as that change, so
// a page may keep lines it derived from them under it.
func (a *App) CrisisLinesGen() uint64 {
	_, _, gen := a.crisis.get()
	return gen
}

// AllCrisisResources returns every country's resources, for the admins'
// editor and every page's help strip, from this node's copy.
func (a *App) AllCrisisResources(ctx context.Context) ([]HelpResource, error) {
	if list, ok, _ := a.crisis.get(); ok && a.keptUsable() {
		return cloneLines(list), nil
	}
	_, _, gen := a.crisis.get()
	rs, err := a.store.ListCrisisResources(ctx, "")
	if err != nil {
		return nil, err
	}
	out := []HelpResource{}
	for _, r := range rs {
		out = append(out, helpResource(r))
	}
	a.crisis.put(out, gen)
	return cloneLines(out), nil
}

// cloneLines copies the node's lines, their languages and actions too, so
// that a caller who reorders or rewrites them (a page in another language)
// changes no other page's.
func cloneLines(list []HelpResource) []HelpResource {
	out := slices.Clone(list)
	for i := range out {
		out[i].Languages = slices.Clone(out[i].Languages)
		out[i].Actions = slices.Clone(out[i].Actions)
	}
	return out
}
