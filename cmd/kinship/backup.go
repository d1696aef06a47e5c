package main

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/kinshiprecovery/kinship/internal/config"
	"github.com/kinshiprecovery/kinship/internal/secret"
)

// A backup is a tar file: manifest.json, then kinship.db (a consistent
// snapshot taken with VACUUM INTO while the server runs), then, only when
// asked for with a passphrase, kinship.key.sealed (the encryption key
// sealed under a key derived from the passphrase with argon2id).
const (
	backupManifest = "manifest.json"
	backupDB       = "kinship.db"
	backupKey      = "kinship.key.sealed"
	backupFormat   = 1
)

// backupInfo is the manifest.
type backupInfo struct {
	Format         int              `json:"format"`
	KinshipVersion string           `json:"kinship_version"`
	SchemaVersion  int              `json:"schema_version"`
	CreatedAt      time.Time        `json:"created_at"`
	Counts         map[string]int64 `json:"counts"`
	Files          map[string]file  `json:"files"`
	// KeyIncluded says whether the key is inside (sealed with a passphrase).
	KeyIncluded bool `json:"key_included"`
}

type file struct {
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// sealedKey is the key file's bytes sealed under a passphrase.
type sealedKey struct {
	KDF       string `json:"kdf"`
	Salt      []byte `json:"salt"`
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Sealed    []byte `json:"sealed"`
}

var keyAAD = []byte("kinship backup key")

func passphraseKey(pass string, salt []byte, t, m uint32) (*secret.Box, error) {
	return secret.NewBox(argon2.IDKey([]byte(pass), salt, t, m, 1, 32))
}

// readPassphrase reads one line from stdin for --with-key or a restore.
func readPassphrase(stdin io.Reader, stderr io.Writer, why string) (string, error) {
	fmt.Fprintf(stderr, "Passphrase %s (read from standard input, one line):\n", why)
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", usageError{"give the passphrase on standard input, e.g. printf '%s\\n' \"$PASSPHRASE\" | kinship …"}
	}
	pass := strings.TrimRight(line, "\r\n")
	if len([]rune(pass)) < 12 {
		return "", usageError{"use a passphrase of at least 12 characters: it is all that protects the key inside the backup"}
	}
	return pass, nil
}

func sqliteRO(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
}

// backupCmd writes a backup of a (possibly running) SQLite instance.
func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var out string
	var withKey bool
	cfg, rest, err := config.Parse("kinship backup", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "the backup file to write (required; it must not exist)")
		fs.BoolVar(&withKey, "with-key", false, "include the encryption key, sealed with a passphrase read from standard input")
	})
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("backup takes no arguments, got %q", rest)}
	}
	if out == "" {
		return usageError{"--out FILE is required"}
	}
	if cfg.DatabaseURL != "" {
		return usageError{"kinship backup copies a SQLite data directory; for PostgreSQL use pg_dump and keep a copy of the key file (see the README's Backups section)"}
	}
	dbPath := filepath.Join(cfg.DataDir, "kinship.db")
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("no database at %s: %w", dbPath, err)
	}
	pass := ""
	if withKey {
		if pass, err = readPassphrase(stdin, stderr, "to seal the key with"); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(out)
		}
	}()
	start := time.Now()
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".kinship-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	snap := filepath.Join(tmp, backupDB)
	src, err := sqliteRO(dbPath)
	if err != nil {
		return err
	}
	// VACUUM INTO reads one consistent snapshot (a read transaction, WAL
	// included) while the server goes on writing.
	_, err = src.ExecContext(ctx, "VACUUM INTO ?", snap)
	src.Close()
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	info := &backupInfo{Format: backupFormat, KinshipVersion: version(), CreatedAt: start.UTC().Truncate(time.Second), Files: map[string]file{}}
	if info.SchemaVersion, info.Counts, err = describe(ctx, snap); err != nil {
		return err
	}
	var keyBlob []byte
	if withKey {
		key, err := os.ReadFile(cfg.KeyFile)
		if err != nil {
			return fmt.Errorf("read the key file: %w", err)
		}
		sk := sealedKey{KDF: "argon2id", Salt: make([]byte, 16), Time: 3, MemoryKiB: 64 * 1024}
		_, _ = rand.Read(sk.Salt)
		box, err := passphraseKey(pass, sk.Salt, sk.Time, sk.MemoryKiB)
		if err != nil {
			return err
		}
		sk.Sealed = box.Seal(key, keyAAD)
		keyBlob, _ = json.Marshal(sk)
		info.KeyIncluded = true
		info.Files[backupKey] = file{Bytes: int64(len(keyBlob)), SHA256: sum(keyBlob)}
	}
	dbSum, dbSize, err := fileSum(snap)
	if err != nil {
		return err
	}
	info.Files[backupDB] = file{Bytes: dbSize, SHA256: dbSum}
	manifest, _ := json.MarshalIndent(info, "", "  ")
	tw := tar.NewWriter(f)
	add := func(name string, size int64, r io.Reader) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: info.CreatedAt, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err := io.Copy(tw, r)
		return err
	}
	if err := add(backupManifest, int64(len(manifest)), strings.NewReader(string(manifest))); err != nil {
		return err
	}
	db, err := os.Open(snap)
	if err != nil {
		return err
	}
	err = add(backupDB, dbSize, db)
	db.Close()
	if err != nil {
		return err
	}
	if keyBlob != nil {
		if err := add(backupKey, int64(len(keyBlob)), strings.NewReader(string(keyBlob))); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	ok = true
	st, _ := os.Stat(out)
	fmt.Fprintf(stdout, "backed up %s to %s: %d messages, %d accounts, schema version %d, %d bytes in %v\n",
		cfg.DataDir, out, info.Counts["messages"], info.Counts["users"], info.SchemaVersion, st.Size(), time.Since(start).Round(time.Millisecond))
	if !withKey {
		fmt.Fprintf(stdout, "The key file is not in the backup: keep a copy of %s somewhere safe and apart; without it the sealed personal data cannot be read.\n", cfg.KeyFile)
	}
	return nil
}

// describe reads a snapshot's schema version and the rows of each table.
func describe(ctx context.Context, path string) (int, map[string]int64, error) {
	db, err := sqliteRO(path)
	if err != nil {
		return 0, nil, err
	}
	defer db.Close()
	var schema int
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&schema); err != nil {
		return 0, nil, fmt.Errorf("schema version: %w", err)
	}
	rows, err := db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return 0, nil, err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, nil, err
		}
		tables = append(tables, n)
	}
	rows.Close()
	counts := map[string]int64{}
	for _, t := range tables {
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+strings.ReplaceAll(t, `"`, `""`)+`"`).Scan(&n); err != nil {
			return 0, nil, fmt.Errorf("count %s: %w", t, err)
		}
		counts[t] = n
	}
	return schema, counts, nil
}

func sum(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }

func fileSum(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

// restoreCmd unpacks a backup into a new, empty data directory, checking
// every file against the manifest and the database with integrity_check.
func restoreCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kinship restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "the data directory to restore into (required; it must be empty or not exist)")
	rest, err := config.ParseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if len(rest) != 1 || *dir == "" {
		return usageError{"usage: kinship restore FILE --data DIR"}
	}
	if entries, err := os.ReadDir(*dir); err == nil && len(entries) > 0 {
		return usageError{fmt.Sprintf("%s is not empty; restore into a new directory so nothing is overwritten", *dir)}
	} else if err != nil && !os.IsNotExist(err) {
		return err
	}
	f, err := os.Open(rest[0])
	if err != nil {
		return err
	}
	defer f.Close()
	tr := tar.NewReader(f)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != backupManifest || hdr.Size > 1<<20 {
		return fmt.Errorf("%s is not a Kinship backup (no manifest first)", rest[0])
	}
	var info backupInfo
	if err := json.NewDecoder(io.LimitReader(tr, hdr.Size)).Decode(&info); err != nil || info.Format != backupFormat {
		return fmt.Errorf("%s: the manifest is not readable (format %d): %v", rest[0], info.Format, err)
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(*dir)
		}
	}()
	var keyBlob []byte
	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("read backup: %w", err)
		}
		want, known := info.Files[hdr.Name]
		if !known || seen[hdr.Name] {
			return fmt.Errorf("backup holds an unexpected file %q", hdr.Name)
		}
		seen[hdr.Name] = true
		h := sha256.New()
		switch hdr.Name {
		case backupDB:
			out, err := os.OpenFile(filepath.Join(*dir, backupDB), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return err
			}
			_, err = io.Copy(io.MultiWriter(out, h), tr)
			if err == nil {
				err = out.Sync()
			}
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		case backupKey:
			keyBlob, err = io.ReadAll(io.TeeReader(io.LimitReader(tr, 1<<16), h))
			if err != nil {
				return err
			}
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want.SHA256 {
			return fmt.Errorf("%s in the backup is damaged: its SHA-256 is %s, the manifest says %s", hdr.Name, got, want.SHA256)
		}
	}
	if !seen[backupDB] {
		return fmt.Errorf("the backup holds no database")
	}
	db, err := sqliteRO(filepath.Join(*dir, backupDB))
	if err != nil {
		return err
	}
	var check string
	err = db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check)
	db.Close()
	if err != nil || check != "ok" {
		return fmt.Errorf("the restored database fails its integrity check: %s %v", check, err)
	}
	if keyBlob != nil {
		pass, err := readPassphrase(stdin, stderr, "the key was sealed with")
		if err != nil {
			return err
		}
		var sk sealedKey
		if err := json.Unmarshal(keyBlob, &sk); err != nil {
			return fmt.Errorf("the sealed key is not readable: %w", err)
		}
		box, err := passphraseKey(pass, sk.Salt, sk.Time, sk.MemoryKiB)
		if err != nil {
			return err
		}
		key, err := box.Open(sk.Sealed, keyAAD)
		if err != nil {
			return usageError{"that passphrase does not open the key in this backup"}
		}
		if err := os.WriteFile(filepath.Join(*dir, "kinship.key"), key, 0o600); err != nil {
			return err
		}
	}
	ok = true
	fmt.Fprintf(stdout, "restored the backup of %s (schema version %d, %d messages, %d accounts) into %s; integrity check ok\n",
		info.CreatedAt.Format(time.RFC3339), info.SchemaVersion, info.Counts["messages"], info.Counts["users"], *dir)
	if keyBlob == nil {
		fmt.Fprintf(stdout, "Put the instance's key file in %s as kinship.key (or point --key-file at it) before starting Kinship.\n", *dir)
	}
	return nil
}
