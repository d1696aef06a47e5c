package safety

import "strings"

// withoutStamps drops the time stamps that chat apps put at the start of
// a copied line ("[9:14 pm] ", "[05/12/26, 21:14] ", "21:14 - ",
// "12/5/26, 9:14 p. m. - "), which say when a line was sent and nothing
// about its writer: a digit time beside "tonight" or "thank you all" must
// not read as a plan. A time the writer wrote stays ("11:52 pm. can't
// sleep", "at 3:00 - the bridge" is not at a line's start): only a time in
// brackets, or a time followed by a dash the way exported chats write it,
// is a stamp. s is normalized (lower case). It allocates only when it
// finds a stamp; the work is linear in the length of s.
func withoutStamps(s string) string {
	var b []byte
	last := 0 // s[last:i] not yet copied to b
	for i := 0; i < len(s); {
		// i is the start of a line.
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < len(s) && (s[j] == '[' || s[j] == '(' || s[j] >= '0' && s[j] <= '9') {
			if end := stampEnd(s, j); end > j {
				if b == nil {
					b = make([]byte, 0, len(s))
				}
				b = append(b, s[last:j]...)
				last = end
			}
		}
		k := strings.IndexByte(s[j:], '\n')
		if k < 0 {
			break
		}
		i = j + k + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// stampEnd returns the end of a chat time stamp (and the spaces and
// separator after it) that starts at s[i], or i when none starts there.
func stampEnd(s string, i int) int {
	j := i
	closer := byte(0)
	switch s[j] {
	case '[':
		closer = ']'
		j++
	case '(':
		closer = ')'
		j++
	}
	j = skipSpaces(s, j)
	// An optional date: 12/5/26, 2026-12-05, 05.12.2026, then "," or a space.
	if d := dateEnd(s, j); d > j {
		j = d
		if j < len(s) && s[j] == ',' {
			j++
		}
		j = skipSpaces(s, j)
	}
	t := clockEnd(s, j)
	if t == j {
		return i
	}
	j = skipSpaces(s, t)
	if closer != 0 {
		if j >= len(s) || s[j] != closer {
			return i
		}
		j = skipSpaces(s, j+1)
		if d := dashEnd(s, j); d > j {
			j = skipSpaces(s, d)
		}
		return j
	}
	d := dashEnd(s, j)
	if d == j || d < len(s) && s[d] != ' ' {
		return i
	}
	return skipSpaces(s, d)
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// digits returns the end of a run of 1 to max digits at s[i], or i.
func digits(s string, i, max int) int {
	j := i
	for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j < len(s) && s[j] >= '0' && s[j] <= '9' {
		return i // longer than max
	}
	return j
}

// dateEnd reads a date written in digits (three parts joined by "/", "-"
// or ".") at s[i].
func dateEnd(s string, i int) int {
	j := digits(s, i, 4)
	if j == i {
		return i
	}
	for part := 0; part < 2; part++ {
		if j >= len(s) || s[j] != '/' && s[j] != '-' && s[j] != '.' {
			return i
		}
		k := digits(s, j+1, 4)
		if k == j+1 {
			return i
		}
		j = k
	}
	return j
}

// clockEnd reads a time of day, "9:14", "21:14:05", "9:14 pm", "9:14 p. m."
// at s[i].
func clockEnd(s string, i int) int {
	j := digits(s, i, 2)
	if j == i || j >= len(s) || s[j] != ':' {
		return i
	}
	k := digits(s, j+1, 2)
	if k != j+3 {
		return i
	}
	j = k
	if j < len(s) && s[j] == ':' {
		if k := digits(s, j+1, 2); k == j+3 {
			j = k
		}
	}
	// am / pm, a.m. / p. m.
	k = skipSpaces(s, j)
	if k < len(s) && (s[k] == 'a' || s[k] == 'p') {
		m := k + 1
		if m < len(s) && s[m] == '.' {
			m = skipSpaces(s, m+1)
		}
		if m < len(s) && s[m] == 'm' {
			m++
			if m < len(s) && s[m] == '.' {
				m++
			}
			if m >= len(s) || !isWordByte(s[m]) {
				j = m
			}
		}
	}
	return j
}

// dashEnd reads one dash, "-", "–" or "—", at s[i].
func dashEnd(s string, i int) int {
	switch {
	case strings.HasPrefix(s[i:], "-"):
		return i + 1
	case strings.HasPrefix(s[i:], "–"), strings.HasPrefix(s[i:], "—"):
		return i + len("–")
	}
	return i
}
