package bunstore

import (
	"fmt"
	"strings"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// The readable keys of the crisis lines and library resources Kinship
// shipped with (migrations 10, 15 and 22), which migration 28 replaces
// with their ULIDs (model.SeedID). Migrations after 28 name them by ULID.
var (
	shippedCrisisLines = []string{"us-988", "us-ctl", "us-samhsa", "us-911", "ca-988", "ca-911", "gb-samaritans", "gb-shout",
		"gb-111", "gb-999", "ie-samaritans", "ie-text", "ie-112", "au-lifeline", "au-adf", "au-000", "nz-1737", "nz-lifeline",
		"nz-111", "intl-findahelpline", "intl-emergency", "mx-911", "gb-frank", "mx-lineadelavida"}
	shippedResources = []string{"r-samhsa-helpline", "r-findtreatment", "r-988", "r-nida", "r-aa", "r-na", "r-smart"}
)

// oneIDForm is migration 28: every crisis line and library resource gets
// a ULID. Shipped ones take model.SeedID of their key; crisis lines added
// as "<country>-<ulid>" keep the ULID. A library resource's marks, and the
// reports, moderation actions and safety flags about it, follow it.
func oneIDForm() string {
	var b strings.Builder
	for _, k := range shippedCrisisLines {
		fmt.Fprintf(&b, "UPDATE crisis_resources SET id = '%s' WHERE id = '%s';\n", model.SeedID(k), k)
	}
	// "us-01J…" (29 characters) or "intl-01J…" (31): the ULID after the dash.
	b.WriteString("UPDATE crisis_resources SET id = UPPER(SUBSTR(id, LENGTH(id) - 25)) WHERE LENGTH(id) IN (29, 31) AND SUBSTR(id, LENGTH(id) - 26, 1) = '-';\n")
	const cols = "title, url, description, tags, status, submitted_by, reason, helped, broken, created_at"
	for _, k := range shippedResources {
		id := model.SeedID(k)
		fmt.Fprintf(&b, "INSERT INTO resources (id, %s) SELECT '%s', %s FROM resources WHERE id = '%s';\n", cols, id, cols, k)
		fmt.Fprintf(&b, "UPDATE resource_marks SET resource_id = '%s' WHERE resource_id = '%s';\n", id, k)
		fmt.Fprintf(&b, "UPDATE reports SET target_id = '%s' WHERE target_type = 'resource' AND target_id = '%s';\n", id, k)
		fmt.Fprintf(&b, "UPDATE moderation_actions SET target_id = '%s' WHERE target_type = 'resource' AND target_id = '%s';\n", id, k)
		fmt.Fprintf(&b, "UPDATE safety_flags SET ref = '%s' WHERE ref = '%s';\n", id, k)
		fmt.Fprintf(&b, "DELETE FROM resources WHERE id = '%s';\n", k)
	}
	return b.String()
}
