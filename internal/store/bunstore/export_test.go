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
