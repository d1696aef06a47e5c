// Command extract reads the message IDs Kinship's code uses and checks them
// against the catalogs in internal/i18n/locales.
//
//	go run ./internal/i18n/cmd/extract            # list problems; exit 1 if any
//	go run ./internal/i18n/cmd/extract -new fr    # start locales/fr.toml for a translator
//
// -new writes every English message with its description and its English
// text marked "TODO", so nothing is shown untranslated by mistake: the
// catalog test fails until each TODO is translated. Run from the
// repository's top folder.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kinshiprecovery/kinship/internal/i18n"
	"golang.org/x/text/language"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "extract:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	root := fs.String("root", ".", "the repository's top folder")
	newLang := fs.String("new", "", "a BCP 47 tag: write locales/<tag>.toml to translate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := i18n.Load()
	if *newLang != "" {
		tag, err := language.Parse(*newLang)
		if err != nil {
			return fmt.Errorf("-new %q: %w", *newLang, err)
		}
		path := filepath.Join(*root, "internal", "i18n", "locales", tag.String()+".toml")
		if _, err := os.Stat(path); err == nil {
			return fmt.Errorf("%s exists already", path)
		}
		if err := os.WriteFile(path, starter(c, tag.String()), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(out, "wrote %s: %d messages to translate (each text starts with TODO)\n", path, len(c.Default().IDs()))
		return nil
	}
	u, err := i18n.Scan(*root)
	if err != nil {
		return err
	}
	problems := c.Problems(u)
	for _, p := range problems {
		fmt.Fprintln(out, p)
	}
	fmt.Fprintf(out, "%d messages in %d languages (%v); %d IDs called in the code; %d problems\n",
		len(c.Default().IDs()), len(c.Codes()), c.Codes(), len(u.Called), len(problems))
	if len(problems) > 0 {
		return errors.New("the catalogs need work")
	}
	return nil
}

// starter is a new catalog: the English messages with TODO before each text.
func starter(c *i18n.Catalog, code string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Kinship in %s. Translate each text and remove its TODO; keep {{.Fields}} as they are.\n", code)
	fmt.Fprintf(&b, "# Set language.name to the language's name in itself, locale.cldr to its CLDR tag, locale.hours to 12 or 24.\n\n")
	q := func(s string) string { j, _ := json.Marshal(s); return string(j) }
	for _, id := range c.Default().IDs() {
		m := c.Default().Message(id)
		fmt.Fprintf(&b, "[%s]\n", id)
		if m.Description != "" {
			fmt.Fprintf(&b, "description = %s\n", q(m.Description))
		}
		if m.One != "" {
			fmt.Fprintf(&b, "one = %s\n", q("TODO "+m.One))
		}
		fmt.Fprintf(&b, "other = %s\n\n", q("TODO "+m.Other))
	}
	return b.Bytes()
}
