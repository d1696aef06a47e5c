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
	"strconv"
	"strings"

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
	t := strings.TrimSpace(strings.TrimPrefix(string(b), "\ufeff"))
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return parseFacilityJSON([]byte(t))
	}
	return parseFacilityCSV(t)
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

// facilityColumns are the listing CSV's leading columns, in order.
var facilityColumns = []string{"name1", "name2", "street1", "street2", "city", "state", "zip", "county", "phone", "intake1", "intake2", "website", "latitude", "longitude", "type_facility"}

func parseFacilityCSV(text string) (*FacilityResult, error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("importer: %w: %v", ErrUnreadableFacilities, err)
	}
	codes := make([]string, 0, len(header))
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff")))
		if i >= len(facilityColumns) {
			codes = append(codes, canonicalCode(header[i]))
		}
	}
	if len(header) < len(facilityColumns) {
		return nil, fmt.Errorf("importer: %w: the header has %d columns; it needs %s, then one 0/1 column per service code", ErrUnreadableFacilities, len(header), strings.Join(facilityColumns, ", "))
	}
	for i, c := range facilityColumns {
		if header[i] != c {
			return nil, fmt.Errorf("importer: %w: column %d is %q, expected %q", ErrUnreadableFacilities, i+1, header[i], c)
		}
	}
	res := &FacilityResult{}
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
		if bad := textin.CheckLines(rowOf(header, rec)); bad != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: line, Slug: strings.TrimSpace(rec[0]), Reason: bad.Error()})
			continue
		}
		f := Facility{Name: strings.TrimSpace(rec[0]), Name2: rec[1], Street: joinNonEmpty(rec[2], rec[3]), City: rec[4], State: rec[5], Zip: rec[6],
			Phone: rec[8], Intake: rec[9], Website: rec[11], Type: rec[14]}
		if f.Latitude, f.Longitude, err = coords(rec[12], rec[13]); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Position: line, Slug: f.Name, Reason: err.Error()})
			continue
		}
		for i, v := range rec[len(facilityColumns):] {
			if strings.TrimSpace(v) == "1" {
				f.Codes = append(f.Codes, codes[i])
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

func coords(lat, lng string) (float64, float64, error) {
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
