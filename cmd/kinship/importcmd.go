package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
	"github.com/kinshiprecovery/kinship/internal/importer"
)

// maxFeed bounds a feed read from a file or URL.
const maxFeed = 64 << 20

// importCmd runs "kinship import meetings FILE_OR_URL [--source NAME] [--timezone ZONE]".
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var source, zone string
	var register, force bool
	flags := func(fs *flag.FlagSet) {
		fs.BoolVar(&register, "register", false, "for a feed URL: also refresh it on a schedule")
		fs.BoolVar(&force, "force", false, "import a meeting feed even when it empties its source or takes away most of its meetings at once")
		fs.StringVar(&source, "source", "", "the source's name; re-importing the same source updates it (default: the file name or the URL's host)")
		fs.StringVar(&zone, "timezone", "", "IANA time zone for records without their own, e.g. America/Los_Angeles")
	}
	n, rest, err := open(ctx, "kinship import", args, getenv, stderr, flags)
	if err != nil {
		return err
	}
	defer n.store.Close()
	if len(rest) != 2 || (rest[0] != "meetings" && rest[0] != "facilities") {
		return usageError{"use: kinship import meetings FILE_OR_URL [--source NAME] [--timezone ZONE] [--force], or kinship import facilities FILE [--source NAME]"}
	}
	where := rest[1]
	if zone != "" {
		if _, err := time.LoadLocation(zone); err != nil || zone == "Local" {
			return usageError{fmt.Sprintf("--timezone %q: use an IANA time zone such as America/Chicago", zone)}
		}
	}
	body, name, size, err := readFeed(ctx, where)
	if err != nil {
		return err
	}
	defer body.Close()
	var in io.Reader = io.LimitReader(body, maxFeed)
	done := func() {}
	if interactive(stderr) {
		pr := &progressReader{r: in, out: stderr, total: size}
		in, done = pr, pr.finish
	}
	if source == "" {
		source = name
	}
	if rest[0] == "facilities" {
		fres, err := importer.ParseFacilities(in)
		done()
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for _, w := range fres.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		counts, err := n.app.ImportFacilities(ctx, source, fres)
		if err != nil {
			return err
		}
		printSkipped(stdout, fres.Skipped, "line")
		fmt.Fprintf(stdout, "source %s: imported %d, updated %d, unchanged %d, retired %d, skipped %d\n",
			source, counts.Imported, counts.Updated, counts.Unchanged, counts.Retired, len(fres.Skipped))
		return nil
	}
	res, err := importer.ParseMeetingGuide(in, importer.Options{TimeZone: zone})
	done()
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	counts, err := n.app.ImportMeetingsForced(ctx, source, res, force)
	if held := (*app.HeldImportError)(nil); errors.As(err, &held) {
		printSkipped(stdout, res.Skipped, "record")
		return err // says what was kept and how to import anyway; exits 1 so a script notices
	}
	if err != nil {
		return err
	}
	printSkipped(stdout, res.Skipped, "record")
	if register {
		if err := n.app.RegisterMeetingSource(ctx, source, where, zone); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "source %s is registered and will be refreshed every 6 hours\n", source)
	}
	fmt.Fprintf(stdout, "source %s: imported %d, updated %d, unchanged %d, retired %d, skipped %d%s\n",
		source, counts.Imported, counts.Updated, counts.Unchanged, counts.Retired, len(res.Skipped), keptWords(counts.Kept))
	return nil
}

// keptWords ends an import's counts with the meetings kept as last
// imported because their records were bad (app.ImportMeetings); "" when none.
func keptWords(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d of them kept as last imported)", n)
}

// readFeed opens a local file or fetches an http(s) URL, names the source
// and gives the size when known (0 otherwise).
func readFeed(ctx context.Context, where string) (io.ReadCloser, string, int64, error) {
	if u, err := url.Parse(where); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
		if err != nil {
			cancel()
			return nil, "", 0, err
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			cancel()
			return nil, "", 0, fmt.Errorf("fetch %s: %w", where, err)
		}
		if res.StatusCode != http.StatusOK {
			res.Body.Close()
			cancel()
			return nil, "", 0, fmt.Errorf("fetch %s: the server answered %s", where, res.Status)
		}
		return cancelCloser{res.Body, cancel}, u.Host, max(res.ContentLength, 0), nil
	}
	f, err := os.Open(where)
	if err != nil {
		return nil, "", 0, fmt.Errorf("cannot read %s: %w", where, err)
	}
	var size int64
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	return f, strings.TrimSuffix(filepath.Base(where), filepath.Ext(where)), size, nil
}

type cancelCloser struct {
	io.ReadCloser
	cancel func()
}

func (c cancelCloser) Close() error { c.cancel(); return c.ReadCloser.Close() }

// printSkipped writes one line per skipped record with its position and reason.
func printSkipped(w io.Writer, skipped []importer.Skipped, unit string) {
	for _, s := range skipped {
		name := ""
		if s.Slug != "" {
			name = fmt.Sprintf(" (%q)", s.Slug)
		}
		kept := ""
		if s.Kept {
			kept = "; the meeting stays as last imported"
		}
		fmt.Fprintf(w, "skipped %s %d%s: %s%s\n", unit, s.Position, name, s.Reason, kept)
	}
}
