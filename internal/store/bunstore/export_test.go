package bunstore

// MigrationVersions are the versions of every migration the code defines, in
// order. Numbers are claimed ahead of landing, so one may be missing for a
// while (41 landed before 40).
func MigrationVersions() []int {
	out := make([]int, len(migrations))
	for i, m := range migrations {
		out[i] = m.version
	}
	return out
}

// SetSearchPlan makes a directory search on SQLite walk at most walk
// groups of the listing before it asks the trigram index, and read by
// their IDs words found in at most fewest groups, until restore.
func SetSearchPlan(walk, fewest int) (restore func()) {
	w, f := searchWalk, searchFewest
	searchWalk, searchFewest = walk, fewest
	return func() { searchWalk, searchFewest = w, f }
}
