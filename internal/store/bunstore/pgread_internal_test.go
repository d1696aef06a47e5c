package bunstore

import "testing"

// TestPGPlaceholders: each ? outside quotes and comments becomes $n.
func TestPGPlaceholders(t *testing.T) {
	for _, c := range []struct {
		in, want string
		n        int
	}{
		{"SELECT a FROM t WHERE x = ? AND y = ?", "SELECT a FROM t WHERE x = $1 AND y = $2", 2},
		{"SELECT '?', \"q?\" FROM t WHERE x = ? -- why?\nAND y = ? /* or? */ LIMIT ?", "SELECT '?', \"q?\" FROM t WHERE x = $1 -- why?\nAND y = $2 /* or? */ LIMIT $3", 3},
		{"SELECT 'it''s ?' WHERE x = ?", "SELECT 'it''s ?' WHERE x = $1", 1},
		{"SELECT 1", "SELECT 1", 0},
		{"SELECT '?", "SELECT '?", 0},
	} {
		got, n := pgPlaceholders(c.in)
		if got != c.want || n != c.n {
			t.Errorf("pgPlaceholders(%q) = %q, %d; want %q, %d", c.in, got, n, c.want, c.n)
		}
	}
}
