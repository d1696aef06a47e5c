package app

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/kinshiprecovery/kinship/internal/importer"
	"github.com/kinshiprecovery/kinship/internal/store"
)

// MeetingWays is how a person gets to a directory meeting or into its
// call, as the meeting's page and the API both show it: what the feed
// gave, kept where it applies.
type MeetingWays struct {
	// LocationNotes say where in the building ("Downstairs, room 3"); ""
	// for a meeting held only online, whose feed may keep a building's
	// notes from before.
	LocationNotes string
	// ConferenceNotes are what the call asks for (its ID and passcode); ""
	// when there is neither a link nor a number to join by.
	ConferenceNotes string
	// Dial is the tel: address of the dial-in with its one-tap pauses and
	// keys: "+16699009128,,530851127#" is tel:+16699009128,,530851127%23, so
	// a phone dials the number, waits, and keys the meeting's ID. Only
	// digits, a leading +, pauses (, and ;), * and # are kept; "" when the
	// number has no digits.
	Dial string
	// DialNumber is the number the dial-in calls, without the keys after
	// it ("+16699009128"), for people to read; "" when Dial is.
	DialNumber string
	// Directions is a map's directions to the meeting (MeetingDirections);
	// "" when there is no place to give directions to.
	Directions string
	// CityOnly says the meeting is held in person but its feed names only
	// a town or city (an approximate address, "Philadelphia"): no street
	// to go to, so no directions; the page says so and what to do.
	CityOnly bool
	// NoAddress says the meeting is listed in person but its feed gives
	// no address, no coordinates and no way to join online: nowhere to
	// go (NoAddress). The page says where it is as the feed gives it
	// (its region), and that the address is not listed.
	NoAddress bool
}

// NoAddress reports whether m is listed in person (or hybrid) with no
// address, no coordinates and no link or number to join by: a feed that
// gives only a region ("Downtown"), or nothing, for where it meets.
func NoAddress(m store.DirectoryMeeting) bool {
	return m.Attendance != importer.Online && m.Attendance != importer.Inactive && strings.TrimSpace(m.Address) == "" &&
		(m.Latitude == nil || m.Longitude == nil) && m.ConferenceURL == "" && m.ConferencePhone == ""
}

// PlaceName is the name m's feed gives the place it meets ("Grace Harbor
// Church"), or "" where that name only repeats m's address or the street
// it begins with: many feeds put "13287 Harbor Blvd." in location beside
// "13287 Harbor Blvd, Garden Grove, CA…", and the finder read "13287 Harbor
// Blvd., 13287 Harbor Blvd, Garden Grove". A name that says more than the
// street ("23401 El Toro Rd. Bldg. 101", a building) is kept.
func PlaceName(m store.DirectoryMeeting) string {
	street, _, _ := strings.Cut(m.Address, ",")
	if loc := placeWords(m.Location); loc != "" && (loc == placeWords(street) || loc == placeWords(m.Address)) {
		return ""
	}
	return m.Location
}

// placeWords is s in lower case with its punctuation and spacing folded and
// the usual words of a US street address written as their abbreviations:
// "2110 E. First St" and "2110 E 1st St" are the same street.
func placeWords(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		if short, ok := streetWords[w]; ok {
			words[i] = short
		}
	}
	return strings.Join(words, " ")
}

// streetWords are the words of US street addresses that feeds write both
// in full and abbreviated (USPS Publication 28's abbreviations).
var streetWords = map[string]string{
	"street": "st", "avenue": "ave", "boulevard": "blvd", "road": "rd", "drive": "dr", "lane": "ln", "place": "pl",
	"court": "ct", "highway": "hwy", "parkway": "pkwy", "circle": "cir", "suite": "ste",
	"north": "n", "south": "s", "east": "e", "west": "w",
	"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th", "seventh": "7th",
	"eighth": "8th", "ninth": "9th", "tenth": "10th",
}

// WaysTo returns how a person gets to m or into its call.
func WaysTo(m store.DirectoryMeeting) MeetingWays {
	w := MeetingWays{Dial: dialURI(m.ConferencePhone), Directions: MeetingDirections(m)}
	w.CityOnly = m.Attendance != importer.Online && m.Approximate && m.Address != ""
	w.NoAddress = NoAddress(m)
	if w.Dial != "" {
		w.DialNumber = m.ConferencePhone
		if i := strings.IndexAny(w.DialNumber, ",;"); i >= 0 {
			w.DialNumber = w.DialNumber[:i]
		}
		w.DialNumber = strings.TrimSpace(w.DialNumber)
	}
	if m.Attendance != importer.Online {
		w.LocationNotes = m.LocationNotes
	}
	if m.ConferenceURL != "" || m.ConferencePhone != "" {
		w.ConferenceNotes = m.ConferenceNotes
	}
	return w
}

// directionsBase is the map whose directions the meeting page and the API
// link to; "to" is the place, as coordinates or as words.
const directionsBase = "https://www.openstreetmap.org/directions?to="

// MeetingDirections returns the link to directions to m: to its
// coordinates when its feed gives them, else to its street address (a feed
// without coordinates, such as Edmonton's); "" for a meeting held only
// online, and for one whose feed gives only a town or city (an approximate
// address): directions to a city's centre would lead nowhere near it.
func MeetingDirections(m store.DirectoryMeeting) string {
	if m.Attendance == importer.Online || m.Approximate {
		return ""
	}
	if m.Latitude != nil && m.Longitude != nil {
		return directionsBase + strconv.FormatFloat(*m.Latitude, 'f', -1, 64) + "%2C" + strconv.FormatFloat(*m.Longitude, 'f', -1, 64)
	}
	if m.Address != "" {
		return directionsBase + url.QueryEscape(m.Address)
	}
	return ""
}

// dialURI is MeetingWays.Dial for a dial-in as a feed gives it.
func dialURI(s string) string {
	var b strings.Builder
	digits := false
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			digits = true
		case r == '+' && i == 0, r == ',', r == ';', r == '*':
			b.WriteRune(r)
		case r == '#':
			b.WriteString("%23")
		}
	}
	if !digits {
		return ""
	}
	return "tel:" + b.String()
}
