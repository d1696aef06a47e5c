package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Checkin is a member's daily check-in for one local day. It is health data
// and is stored sealed.
type Checkin struct {
	Date       string    `json:"date"` // the member's local day, YYYY-MM-DD
	Mood       int       `json:"mood"`
	Craving    int       `json:"craving"`
	Used       bool      `json:"used"`
	SleepHours *float64  `json:"sleep_hours,omitempty"`
	Note       string    `json:"note,omitempty"`
	Tags       []string  `json:"tags,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Check-in limits.
const (
	CheckinNoteMax = 2000
	CheckinTagsMax = 10
	CheckinTagMax  = 40
)

// Validate checks the ranges and cleans the tags. Errors: invalid, one
// message per field.
func (c *Checkin) Validate() error {
	fe := FieldErrors{}
	if c.Mood < 1 || c.Mood > 5 {
		fe.Add("mood", "choose a mood from 1 (very low) to 5 (very good)")
	}
	if c.Craving < 0 || c.Craving > 10 {
		fe.Add("craving", "choose a craving level from 0 (none) to 10 (very strong)")
	}
	if c.SleepHours != nil && !InRange(*c.SleepHours, 0, 24) {
		fe.Add("sleep_hours", "hours of sleep are between 0 and 24")
	}
	if utf8.RuneCountInString(c.Note) > CheckinNoteMax {
		fe.Add("note", "a note has at most 2000 characters")
	}
	if strings.ContainsRune(c.Note, 0) {
		fe.Add("note", "contains a character that is not allowed")
	}
	var tags []string
	seen := map[string]bool{}
	for _, t := range c.Tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		if utf8.RuneCountInString(t) > CheckinTagMax {
			fe.Add("tags", "each tag has at most 40 characters")
		}
		tags = append(tags, t)
	}
	if len(tags) > CheckinTagsMax {
		fe.Add("tags", "use at most 10 tags")
	}
	c.Tags = tags
	return fe.Err()
}
