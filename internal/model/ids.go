package model

import (
	"crypto/sha256"
	"regexp"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
)

// Crisis lines and library resources have ULIDs like everything Kinship
// makes. Those Kinship shipped with used to have readable keys ("us-911",
// "r-988"), and crisis lines added later "<country>-<ulid>"; migration 28
// gave each the ULID below, and CanonicalID still takes the old forms.

// seedEpoch is the time part of the ULIDs of what Kinship shipped with.
var seedEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// SeedID is the ULID of a crisis line or library resource Kinship shipped
// with under the readable key: the same on every instance.
func SeedID(key string) string {
	sum := sha256.Sum256([]byte("kinship shipped id:" + key))
	var id ulid.ULID
	_ = id.SetTime(ulid.Timestamp(seedEpoch))
	_ = id.SetEntropy(sum[:10])
	return id.String()
}

var (
	readableKey = regexp.MustCompile(`^[a-z]{1,4}-[a-z0-9][a-z0-9-]*$`)
	countryULID = regexp.MustCompile(`^[a-z]{2,4}-([0-9a-z]{26})$`)
)

// CanonicalID returns the ULID a crisis line or library resource is
// known by now, given its id in any form it has had: the ULID itself (in
// either case), "<country>-<ulid>" (a crisis line added before), or the
// readable key of one Kinship shipped with. Anything else is returned as
// it is (it names nothing, and a look-up finds nothing).
func CanonicalID(id string) string {
	if u, err := ulid.ParseStrict(strings.ToUpper(id)); err == nil && len(id) == ulid.EncodedSize {
		return u.String()
	}
	if m := countryULID.FindStringSubmatch(id); m != nil {
		if u, err := ulid.ParseStrict(strings.ToUpper(m[1])); err == nil {
			return u.String()
		}
	}
	if readableKey.MatchString(id) {
		return SeedID(id)
	}
	return id
}
