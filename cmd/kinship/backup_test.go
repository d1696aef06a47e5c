package main

import (
	"archive/tar"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBackupWhileWritingRestoresEveryAcknowledgedWrite backs up a running
// server while members post messages, restores the backup into a new
// directory, starts a server on it and finds every message acknowledged
// before the backup began; the restored database passes integrity_check,
// and the key is in the backup only when asked for, sealed with a passphrase.
func TestBackupWhileWritingRestoresEveryAcknowledgedWrite(t *testing.T) {
	dir := t.TempDir()
	env := []string{"KINSHIP_DATA_DIR=" + dir}
	const writers = 4
	p, client, tokens, groups := writersOnServer(t, env, writers)

	type ack struct {
		id string
		at time.Time
	}
	var mu sync.Mutex
	var acks [writers][]ack
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				case <-time.After(60 * time.Millisecond):
				}
				id := fmt.Sprintf("w%d-%d", i, n)
				st, _, err := post(client, p.url+"/api/v1/groups/"+groups[i]+"/messages", tokens[i], map[string]string{"client_id": id, "body": "message " + id})
				if err == nil && st == http.StatusCreated {
					mu.Lock()
					acks[i] = append(acks[i], ack{id, time.Now()})
					mu.Unlock()
				}
			}
		}(i)
	}
	time.Sleep(700 * time.Millisecond)
	out := filepath.Join(t.TempDir(), "kinship.backup")
	began := time.Now()
	stdout, stderr, code := runKinship(t, "correct horse battery staple\n", env, "backup", "--out", out, "--with-key")
	took := time.Since(began)
	time.Sleep(300 * time.Millisecond) // writes go on after the snapshot too
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "backed up") {
		t.Fatalf("backup said: %s", stdout)
	}
	t.Logf("backup of a running server under write load: %v; %s", took.Round(time.Millisecond), strings.TrimSpace(stdout))

	// The archive: a manifest first, then the database and the sealed key.
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(f)
	var names []string
	var info backupInfo
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		names = append(names, h.Name)
		if h.Name == backupManifest {
			if err := json.NewDecoder(tr).Decode(&info); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.Close()
	if strings.Join(names, ",") != "manifest.json,kinship.db,kinship.key.sealed" || !info.KeyIncluded || info.SchemaVersion == 0 || info.Counts["messages"] == 0 || len(info.Files[backupDB].SHA256) != 64 {
		t.Fatalf("archive %v, manifest %+v", names, info)
	}

	// Restoring refuses a directory that holds anything.
	busy := t.TempDir()
	os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o600)
	if _, stderr, code := runKinship(t, "", nil, "restore", out, "--data", busy); code == 0 || !strings.Contains(stderr, "is not empty") {
		t.Fatalf("restore into a non-empty directory: %d %s", code, stderr)
	}
	// A wrong passphrase does not open the key, and leaves nothing behind.
	restored := filepath.Join(t.TempDir(), "restored")
	if _, stderr, code := runKinship(t, "not the right passphrase\n", nil, "restore", out, "--data", restored); code == 0 || !strings.Contains(stderr, "does not open the key") {
		t.Fatalf("restore with a wrong passphrase: %d %s", code, stderr)
	}
	if _, err := os.Stat(restored); !os.IsNotExist(err) {
		t.Fatalf("a failed restore left %s behind", restored)
	}
	stdout, stderr, code = runKinship(t, "correct horse battery staple\n", nil, "restore", out, "--data", restored)
	if code != 0 || !strings.Contains(stdout, "integrity check ok") {
		t.Fatalf("restore: %d %s %s", code, stdout, stderr)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(restored, "kinship.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	db.Close()

	p.kill()
	q := startProc(t, "KINSHIP_DATA_DIR="+restored)
	before, total := 0, 0
	for i := 0; i < writers; i++ {
		have := map[string]string{}
		for _, m := range groupMessages(t, client, q.url, groups[i], tokens[i]) {
			have[m.ClientID] = m.Body
		}
		for _, a := range acks[i] {
			total++
			if a.at.Before(began) {
				before++
				// The body is sealed at rest: reading it proves the key came back too.
				if have[a.id] != "message "+a.id {
					t.Errorf("message %s, acknowledged before the backup began, reads %q after restoring", a.id, have[a.id])
				}
			}
		}
	}
	if before == 0 {
		t.Fatal("no write was acknowledged before the backup began")
	}
	t.Logf("%d writes acknowledged before the backup began, all restored; %d acknowledged in all", before, total)

	// Without --with-key, the key stays out of the backup.
	p = startProc(t, env...)
	out2 := filepath.Join(t.TempDir(), "nokey.backup")
	if stdout, stderr, code := runKinship(t, "", env, "backup", "--out", out2); code != 0 || !strings.Contains(stdout, "The key file is not in the backup") {
		t.Fatalf("backup without key: %d %s %s", code, stdout, stderr)
	}
	b, _ := os.ReadFile(out2)
	key, _ := os.ReadFile(filepath.Join(dir, "kinship.key"))
	if strings.Contains(string(b), backupKey) || len(key) == 0 || strings.Contains(string(b), string(key)) {
		t.Fatal("the key is in a backup made without --with-key")
	}
}
