package importer

import (
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/kinshiprecovery/kinship/internal/textin"
)

// findtreatment-codes.json is the FindTreatment.gov filter vocabulary
// (service codes and labels), transcribed from SAMHSA's public-domain
// locator; see ../shared/data/facilities/SOURCES.md.
//
//go:embed findtreatment-codes.json
var facilityCodesJSON []byte

// ServiceCode is one searchable facility service.
type ServiceCode struct {
	Code     string `json:"code"`
	Label    string `json:"label"`
	Category string `json:"category"` // type, mat, payment, special, age, languages
}

// ServiceCodes is the facility service vocabulary, by category in display order.
var ServiceCodes = func() []ServiceCode {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(facilityCodesJSON, &raw); err != nil {
		panic("importer: findtreatment-codes.json: " + err.Error())
	}
	var out []ServiceCode
	for _, cat := range []string{"type", "mat", "payment", "special", "age", "languages"} {
		var list []ServiceCode
		if err := json.Unmarshal(raw[cat], &list); err != nil {
			panic("importer: findtreatment-codes.json " + cat + ": " + err.Error())
		}
		for _, c := range list {
			c.Category = cat
			out = append(out, c)
		}
	}
	return out
}()

var codeByLabel = func() map[string]string {
	m := map[string]string{}
	for _, c := range ServiceCodes {
		m[strings.ToLower(c.Label)] = c.Code
	}
	// Labels as the locator's responses word them.
	for label, code := range map[string]string{"outpatient": "OP", "residential": "RES", "hospital inpatient": "HI", "detoxification": "DT",
		"buprenorphine used in treatment": "BU", "methadone used in treatment": "METH", "naltrexone used in treatment": "NU",
		"cash or self-payment": "SF", "veterans": "VET", "adults": "ADLT", "young adults": "ADLT", "children/adolescents": "CHLD"} {
		m[label] = code
	}
	return m
}()

// Facility is one treatment facility.
type Facility struct {
	ID        string
	Name      string
	Name2     string
	Street    string
	City      string
	State     string
	Zip       string
	Phone     string
	Intake    string
	Website   string
	Latitude  float64
	Longitude float64
	Type      string   // SA (substance use), MH (mental health), …
	Codes     []string // service codes (MD = Medicaid, BU = buprenorphine, …)
}

// FacilityResult is a parsed facility file.
type FacilityResult struct {
	Facilities []Facility
	Skipped    []Skipped
	// Warnings say what was read differently from how the file put it
	// (its encoding, columns that are not service codes).
	Warnings []string
}

// ErrUnreadableFacilities is returned (wrapped) when the input is neither a
// FindTreatment JSON page nor the listing CSV.
var ErrUnreadableFacilities = errors.New("not a FindTreatment JSON page or listing CSV")

// ParseFacilities reads a FindTreatment locator JSON page
// ({"rows": [...]}) or the bulk listing CSV, chosen by the first byte.
func ParseFacilities(r io.Reader) (*FacilityResult, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	res := &FacilityResult{}
	if latin1(b) {
		// A spreadsheet saved as "CSV" on Windows writes Windows-1252
		// (Latin-1 and more): "Clínica" would be refused as not UTF-8.
		b, _ = charmap.Windows1252.NewDecoder().Bytes(b)
		res.Warnings = append(res.Warnings, "the file is not UTF-8; read it as Windows-1252 (Latin-1), as spreadsheets on Windows save it")
	}
	t := strings.TrimSpace(strings.TrimPrefix(string(b), "\ufeff"))
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		out, err := parseFacilityJSON([]byte(t))
		if out != nil {
			out.Warnings = append(res.Warnings, out.Warnings...)
		}
		return out, err
	}
	return parseFacilityCSV(t, res)
}

// latin1 says b is text in a single-byte encoding rather than UTF-8: it
// has bytes UTF-8 cannot hold and none of UTF-8's own multi-byte
// characters. A UTF-8 file with one broken row stays UTF-8 (the row is
// reported).
func latin1(b []byte) bool {
	invalid := false
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			invalid = true
		case n > 1:
			return false
		}
		b = b[n:]
	}
	return invalid
}

func parseFacilityJSON(b []byte) (*FacilityResult, error) {
	var page struct {
		Rows []json.RawMessage `json:"rows"`
	}
	if err := json.Unmarshal(b, &page); err != nil || page.Rows == nil {
		if err := json.Unmarshal(b, &page.Rows); err != nil {
			return nil, fmt.Errorf("importer: %w", ErrUnreadableFacilities)
		}
	}
	res := &FacilityResult{}
	for i, raw := range page.Rows {
		var row struct {
			Frid, Name1, Name2, Street1, Street2, City, State, Zip, Phone, Intake1, Website, TypeFacility string
			Latitude, Longitude                                                                           json.RawMessage
			Services                                                                                      []struct{ F2, F3 string }
		}
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		if err := dec.Decode(&row); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: i + 1, Reason: "the record is not a facility object"})
			continue
		}
		if err := recordText(raw); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: i + 1, Slug: strings.TrimSpace(row.Name1), Reason: err.Error()})
			continue
		}
		f := Facility{ID: row.Frid, Name: strings.TrimSpace(row.Name1), Name2: row.Name2, Street: joinNonEmpty(row.Street1, row.Street2), City: row.City,
			State: row.State, Zip: row.Zip, Phone: row.Phone, Intake: row.Intake1, Website: row.Website, Type: row.TypeFacility}
		var err error
		if f.Latitude, f.Longitude, err = coords(strings.Trim(string(row.Latitude), `"`), strings.Trim(string(row.Longitude), `"`)); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: i + 1, Slug: f.Name, Reason: err.Error()})
			continue
		}
		seen := map[string]bool{}
		for _, s := range row.Services {
			for _, label := range strings.Split(s.F3, ";") {
				if code, ok := codeByLabel[strings.ToLower(strings.TrimSpace(label))]; ok && !seen[code] {
					seen[code] = true
					f.Codes = append(f.Codes, code)
				}
			}
		}
		if err := finish(&f); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: i + 1, Slug: f.Name, Reason: err.Error()})
			continue
		}
		res.Facilities = append(res.Facilities, f)
	}
	return res, nil
}

// facilityColumns are the listing CSV's columns other than service codes,
// in the order SAMHSA's listing gives them. A file is read by its header's
// names, whatever their order, case or spacing ("Name1", "Type Facility");
// name1, latitude and longitude must be there, the others may be missing.
var facilityColumns = []string{"name1", "name2", "street1", "street2", "city", "state", "zip", "county", "phone", "intake1", "intake2", "website", "latitude", "longitude", "type_facility"}

// facilityInfoColumns are other columns some listings carry that are not
// service codes: frid is FindTreatment's id (kept as the facility's id when
// it has the one form); the others are not kept.
var facilityInfoColumns = []string{"frid", "hotline1", "hotline2", "_irow", "miles", "intake_prompt", "intake2a", "county_fips"}

// columnKey is a header cell as facilityColumns spell it.
func columnKey(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// csvSeparator is the separator a listing's header line uses: a comma, or
// the semicolon a spreadsheet writes where a comma is the decimal mark
// (Spain, Mexico's Excel in some set-ups, most of Europe), or a tab.
func csvSeparator(text string) rune {
	head, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(head, ",")
	for _, r := range []rune{';', '\t'} {
		if c := strings.Count(head, string(r)); c > n {
			best, n = r, c
		}
	}
	return best
}

func parseFacilityCSV(text string, res *FacilityResult) (*FacilityResult, error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	sep := csvSeparator(text)
	cr.Comma = sep
	if sep != ',' {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the columns are separated by %s, not commas; read them so, and a comma in a latitude or longitude as its decimal mark", map[rune]string{';': "semicolons", '\t': "tabs"}[sep]))
	}
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("importer: %w: %v", ErrUnreadableFacilities, err)
	}
	col := map[string]int{}    // a known column's key → its index
	codeAt := map[int]string{} // a service code column's index → its code
	var unknownCodes []string
	for i, h := range header {
		key := columnKey(h)
		known := slices.Contains(facilityColumns, key) || slices.Contains(facilityInfoColumns, key)
		switch {
		case key == "":
			continue
		case known:
			if _, dup := col[key]; dup {
				return nil, fmt.Errorf("importer: %w: the header has %s twice (columns %d and %d)", ErrUnreadableFacilities, key, col[key]+1, i+1)
			}
			col[key] = i
		default:
			code := canonicalCode(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
			codeAt[i] = code
			if _, ok := codeByLower[strings.ToLower(code)]; !ok {
				unknownCodes = append(unknownCodes, strconv.Quote(code))
			}
		}
	}
	var missing []string
	for _, need := range []string{"name1", "latitude", "longitude"} {
		if _, ok := col[need]; !ok {
			missing = append(missing, need)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("importer: %w: the header has no %s column; a listing CSV needs name1, latitude and longitude, reads %s when there, and takes every other column as a service code (0 or 1)",
			ErrUnreadableFacilities, strings.Join(missing, " or "), strings.Join(facilityColumns, ", "))
	}
	switch len(unknownCodes) {
	case 0:
	case 1:
		res.Warnings = append(res.Warnings, "column "+unknownCodes[0]+" is not a FindTreatment service code; the facilities keep it, but the finder cannot search by it")
	default:
		res.Warnings = append(res.Warnings, "columns "+strings.Join(unknownCodes, ", ")+" are not FindTreatment service codes; the facilities keep them, but the finder cannot search by them")
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				res.Skipped = append(res.Skipped, Skipped{Position: pe.StartLine, Reason: "broken quoting: " + pe.Err.Error()})
				continue
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			res.Skipped = append(res.Skipped, Skipped{Position: line, Reason: fmt.Sprintf("%d columns, the header has %d", len(rec), len(header))})
			continue
		}
		cell := func(key string) string {
			if i, ok := col[key]; ok {
				return rec[i]
			}
			return ""
		}
		if bad := textin.CheckLines(rowOf(header, rec)); bad != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: line, Slug: strings.TrimSpace(cell("name1")), Reason: bad.Error()})
			continue
		}
		// Names and address as they are: a facility's id is their digest.
		f := Facility{ID: strings.TrimSpace(cell("frid")), Name: strings.TrimSpace(cell("name1")), Name2: cell("name2"),
			Street: joinNonEmpty(cell("street1"), cell("street2")), City: cell("city"), State: cell("state"), Zip: cell("zip"),
			Phone: strings.TrimSpace(cell("phone")), Intake: strings.TrimSpace(cell("intake1")), Website: strings.TrimSpace(cell("website")),
			Type: strings.TrimSpace(cell("type_facility"))}
		lat, lng := cell("latitude"), cell("longitude")
		if sep != ',' {
			lat, lng = decimalComma(lat), decimalComma(lng)
		}
		if f.Latitude, f.Longitude, err = coords(lat, lng); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: line, Slug: f.Name, Reason: err.Error()})
			continue
		}
		for i, v := range rec {
			if code, ok := codeAt[i]; ok && strings.TrimSpace(v) == "1" {
				f.Codes = append(f.Codes, code)
			}
		}
		if err := finish(&f); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: line, Slug: f.Name, Reason: err.Error()})
			continue
		}
		res.Facilities = append(res.Facilities, f)
	}
	return res, nil
}

var codeByLower = func() map[string]string {
	m := map[string]string{}
	for _, c := range ServiceCodes {
		m[strings.ToLower(c.Code)] = c.Code
	}
	return m
}()

// canonicalCode spells a service code as the vocabulary does (MD, SP-Spanish);
// codes outside it are kept upper-cased.
func canonicalCode(c string) string {
	if code, ok := codeByLower[strings.ToLower(c)]; ok {
		return code
	}
	return strings.ToUpper(c)
}

// decimalComma reads "38,03" as 38.03 (one comma, no point), as a
// spreadsheet that separates columns by semicolons writes a decimal.
func decimalComma(v string) string {
	if strings.Count(v, ",") == 1 && !strings.Contains(v, ".") {
		return strings.Replace(v, ",", ".", 1)
	}
	return v
}

func coords(lat, lng string) (float64, float64, error) {
	if strings.TrimSpace(lat) == "" && strings.TrimSpace(lng) == "" {
		return 0, 0, errors.New("no latitude and longitude; the finder places each facility by them")
	}
	la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	lo, err2 := strconv.ParseFloat(strings.TrimSpace(lng), 64)
	if err1 != nil || err2 != nil || !(la >= -90 && la <= 90 && lo >= -180 && lo <= 180) {
		return 0, 0, fmt.Errorf("latitude %q and longitude %q are not coordinates", lat, lng)
	}
	return la, lo, nil
}

// finish checks the name and gives a facility without an id of the one
// form (64 hex digits) a stable one.
func finish(f *Facility) error {
	if f.Name == "" {
		return errors.New("no name")
	}
	if !IsFacilityID(f.ID) {
		f.ID = FacilityDigest(f.Name, f.Name2, f.Street, f.City, f.State, f.Zip)
	}
	return nil
}

// IsFacilityID reports whether id has the one form of a facility's id:
// 64 lowercase hex digits, like FindTreatment's frid.
func IsFacilityID(id string) bool {
	if len(id) != 64 {
		return false
	}
	for _, c := range id {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// FacilityDigest is the id of a facility whose record has none (a CSV
// row): the SHA-256 of its names and address in hex, 64 characters like
// FindTreatment's own ids (frid), and the same on every import.
func FacilityDigest(name, name2, street, city, state, zip string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(name + "|" + name2 + "|" + street + "|" + city + "|" + state + "|" + zip)))
	return hex.EncodeToString(sum[:])
}

// rowOf names a CSV row's cells by the header, for the text check.
func rowOf(header, rec []string) map[string]string {
	m := make(map[string]string, len(rec))
	for i, v := range rec {
		m[header[i]] = v
	}
	return m
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}
