package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinshiprecovery/kinship/internal/model"
	"github.com/kinshiprecovery/kinship/internal/store/bunstore"
	"github.com/kinshiprecovery/kinship/internal/testutil"
)

// pushSeen is what the push service could read of one message.
type pushSeen struct {
	Title, Body, Path, Topic, Urgency string
}

func readPush(t *testing.T, got testutil.PushReceived) pushSeen {
	t.Helper()
	if got.Err != nil {
		t.Fatalf("push to %s refused (%d): %v", got.Device, got.Status, got.Err)
	}
	var p pushSeen
	if err := json.Unmarshal(got.Plain, &p); err != nil {
		t.Fatalf("payload %q: %v", got.Plain, err)
	}
	return p
}

// subscribe turns notifications on for a device of the service, as the
// security page's script does.
func (e *env) subscribe(tok string, d *testutil.PushDevice, name string) string {
	e.t.Helper()
	r := e.do("POST", "/api/v1/me/push-subscriptions", tok, map[string]any{"endpoint": d.Endpoint, "keys": map[string]string{"p256dh": d.P256dh, "auth": d.Auth}, "device_name": name})
	expectStatus(e.t, r, http.StatusCreated)
	id := r.JSON(e.t)["id"].(string)
	if loc := r.Header.Get("Location"); loc != "/api/v1/me/push-subscriptions/"+id {
		e.t.Fatalf("Location %q", loc)
	}
	return id
}

// startPush starts a push service on this machine that checks pushes
// against the node's VAPID public key, as a browser's push service does.
func (e *env) startPush() *testutil.PushService {
	e.t.Helper()
	ps := testutil.StartPushService(e.t)
	ps.VAPIDKey = e.do("GET", "/api/v1/push/vapid-key", "", nil).JSON(e.t)["public_key"].(string)
	return ps
}

// pushJobsSettled waits until no push job is left to run, so a test can
// say what was (and was not) sent.
// partnered makes the member of fromTok and toID (whose session is toTok)
// accountability partners and returns the partnership's id.
func (e *env) partnered(fromTok, toTok, toID string) string {
	e.t.Helper()
	r := e.do("POST", "/api/v1/partners", fromTok, map[string]string{"user_id": toID})
	expectStatus(e.t, r, http.StatusCreated)
	id := r.JSON(e.t)["id"].(string)
	expectStatus(e.t, e.do("POST", "/api/v1/partners/"+id+"/accept", toTok, nil), http.StatusOK)
	return id
}

func (e *env) pushJobsSettled() {
	e.t.Helper()
	testutil.WaitForJobs(e.t, e.store.(*bunstore.Store), 20*time.Second, "none still waiting", func(byState map[string]int) bool {
		for state, n := range byState {
			if n > 0 && state != "completed" && state != "cancelled" && state != "discarded" {
				return false
			}
		}
		return true
	}, "push", "push_batch")
}

// TestWebPush runs the protocol end to end against a push service on this
// machine: a partner's "I need support now" reaches both of Pat's devices
// within the VAPID rules, encrypted so that only the device reads it, and
// what it reads names nobody; a device may choose fuller text; a device
// the push service says is gone (410) is removed and a revoked one is
// never used again.
func TestWebPush(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		ps := testutil.StartPushService(t)
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana Quintero")
		pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
		pid := e.partnered(aTok, pTok, pID)

		key := e.do("GET", "/api/v1/push/vapid-key", "", nil).JSON(t)["public_key"]
		if k, _ := key.(string); len(k) != 87 {
			t.Fatalf("VAPID public key %v: want 65 bytes in base64url", key)
		}
		ps.VAPIDKey = key.(string)

		// A subscription a browser could not have made is refused, naming what is wrong.
		bad := e.do("POST", "/api/v1/me/push-subscriptions", pTok, map[string]any{"endpoint": "ftp://push.example/x", "keys": map[string]string{"p256dh": "AAAA", "auth": "x"}})
		expectStatus(t, bad, http.StatusBadRequest)
		for _, want := range []string{"https URL", "P-256 public key", "16 bytes"} {
			if !strings.Contains(bad.String(), want) {
				t.Errorf("refusal lacks %q: %s", want, bad.Body)
			}
		}
		phone, laptop := ps.NewDevice(t), ps.NewDevice(t)
		phoneID := e.subscribe(pTok, phone, "Pat's phone")
		laptopID := e.subscribe(pTok, laptop, "")
		// The same device again is the same subscription.
		again := e.do("POST", "/api/v1/me/push-subscriptions", pTok, map[string]any{"endpoint": phone.Endpoint, "keys": map[string]string{"p256dh": phone.P256dh, "auth": phone.Auth}, "device_name": "Pat's phone"})
		expectStatus(t, again, http.StatusOK)
		if again.JSON(t)["id"] != phoneID {
			t.Fatal("subscribing the same device again made a second one")
		}

		alert := e.do("POST", "/api/v1/support/alerts", aTok, nil).JSON(t)["alert"].(map[string]any)
		got := ps.WaitFor(t, 2, 20*time.Second)
		for _, g := range got {
			seen := readPush(t, g)
			if seen.Title != "Kinship" || seen.Body != "Someone in your circle needs you" {
				t.Errorf("the push service read %q / %q", seen.Title, seen.Body)
			}
			if seen.Path != "/support/respond#alert-"+alert["id"].(string) {
				t.Errorf("the notification opens %q", seen.Path)
			}
			for _, secret := range []string{"Ana", "Quintero", "ana@example.org", "support now"} {
				if strings.Contains(string(g.Plain), secret) {
					t.Errorf("the payload names %q: %s", secret, g.Plain)
				}
			}
			if g.Urgency != "high" || g.TTL != "900" || g.Topic != "support" {
				t.Errorf("a support alert went with Urgency %q, TTL %q, Topic %q", g.Urgency, g.TTL, g.Topic)
			}
			if g.Claims["sub"] != "mailto:kinship-tests@example.org" {
				t.Errorf("VAPID sub %v", g.Claims["sub"])
			}
			if g.BodySize != 1024 {
				t.Errorf("the push service sees a body of %d bytes; every payload is padded to 1024", g.BodySize)
			}
		}
		if got[0].Device == got[1].Device {
			t.Fatal("one device got both messages, the other none")
		}
		e.pushJobsSettled()

		// Ana's alert says who it reached and how: Pat, in the app and on two devices.
		mine := e.do("GET", "/api/v1/support/alerts?role=member", aTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)
		reached, _ := json.Marshal(mine["reached"])
		if string(reached) != `[{"display_name":"Pat","email":0,"in_app":1,"people":1,"push":2,"push_queued":false,"stage":"circle"}]` {
			t.Errorf("the alert reached %s", reached)
		}

		// The list shows both devices, named, with the time each was last reached.
		list := e.do("GET", "/api/v1/me/push-subscriptions", pTok, nil).JSON(t)
		items := list["items"].([]any)
		if len(items) != 2 || list["has_more"] != false || list["next_cursor"] != nil {
			t.Fatalf("devices: %v", list)
		}
		for _, it := range items {
			d := it.(map[string]any)
			if d["last_used_at"] == nil || !strings.HasSuffix(d["last_used_at"].(string), "Z") {
				t.Errorf("device %v: never reached", d)
			}
		}
		if n := items[1].(map[string]any)["device_name"]; n != "Go-http-client" && !strings.Contains(n.(string), "browser") {
			t.Logf("device named from its user agent: %v", n)
		}

		// Pat chooses fuller text on the phone; the laptop goes away (410).
		r := e.do("PATCH", "/api/v1/me/push-subscriptions/"+phoneID, pTok, map[string]any{"full_text": true})
		expectStatus(t, r, http.StatusOK)
		ps.SetStatus(laptop, http.StatusGone)
		expectStatus(t, e.do("POST", "/api/v1/support/alerts/"+alert["id"].(string)+"/resolve", aTok, nil), http.StatusOK)
		// Ana closing her call tells everyone it reached (Pat, on both
		// devices): the phone reads it in full, the laptop answers 410.
		got = ps.WaitFor(t, 4, 20*time.Second)[2:]
		e.pushJobsSettled()
		for _, g := range got {
			if g.Device == phone.ID {
				if seen := readPush(t, g); !strings.Contains(seen.Body, "Ana Quintero closed their call for support") {
					t.Errorf("with fuller text the phone reads of the closed call %q", seen.Body)
				}
			} else if g.Status != http.StatusGone {
				t.Errorf("the laptop's push answered %d", g.Status)
			}
		}
		e.do("POST", "/api/v1/support/alerts", aTok, nil)
		got = ps.WaitFor(t, 5, 20*time.Second)[4:]
		e.pushJobsSettled()
		for _, g := range got {
			if g.Device != phone.ID {
				t.Errorf("a push went to device %s after the laptop answered 410", g.Device)
			} else if seen := readPush(t, g); !strings.Contains(seen.Body, "Ana Quintero needs support now") {
				t.Errorf("with fuller text the phone reads %q", seen.Body)
			}
		}
		items = e.do("GET", "/api/v1/me/push-subscriptions", pTok, nil).JSON(t)["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["id"] != phoneID {
			t.Fatalf("after 410 the devices are %v; the gone one must be removed", items)
		}
		expectStatus(t, e.do("PATCH", "/api/v1/me/push-subscriptions/"+laptopID, pTok, map[string]any{"full_text": true}), http.StatusNotFound)

		// Pat revokes the phone: nothing more is sent to it.
		expectStatus(t, e.do("DELETE", "/api/v1/me/push-subscriptions/"+phoneID, aTok, nil), http.StatusNotFound)
		expectStatus(t, e.do("DELETE", "/api/v1/me/push-subscriptions/"+phoneID, pTok, nil), http.StatusNoContent)
		before := len(ps.Received())
		e.do("POST", "/api/v1/partners/"+pid+"/encourage", aTok, map[string]string{"kind": "thinking_of_you"})
		if n := len(notifications(t, e, pTok)); n < 3 {
			t.Fatalf("Pat has %d notifications", n)
		}
		e.pushJobsSettled()
		if after := len(ps.Received()); after != before {
			t.Fatalf("%d pushes went out after every device was revoked or gone", after-before)
		}
	})
}

// TestSupportAlertPushFanOut: a member with nobody of their own raises "I
// need support now" and it goes straight to an on-duty roster of 40 peer
// supporters, one device each, more than a batch sends at once. The alert
// is one job for all the devices, not one per device; every device is
// told once; the device whose push service is busy (503) is retried by a
// job of its own and told then; the member's alert counts all 40 devices.
func TestSupportAlertPushFanOut(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		ps := e.startPush()
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana Quintero")
		const roster = 40
		var busy *testutil.PushDevice
		for i := 0; i < roster; i++ {
			email := fmt.Sprintf("duty%02d@example.org", i)
			if _, err := e.app.AdminCreateUser(t.Context(), email, goodPassword, fmt.Sprintf("Peer %02d", i), model.RoleMentor); err != nil {
				t.Fatal(err)
			}
			tok := e.login(email, goodPassword, "")
			e.enableMFA(tok)
			expectStatus(t, e.do("PUT", "/api/v1/me/on-duty", tok, map[string]bool{"on": true}), http.StatusNoContent)
			d := ps.NewDevice(t)
			e.subscribe(tok, d, "")
			if i == 7 {
				busy = d
				ps.SetStatus(d, http.StatusServiceUnavailable)
			}
		}

		expectStatus(t, e.do("POST", "/api/v1/support/alerts", aTok, nil), http.StatusCreated)
		first := ps.WaitFor(t, roster, 20*time.Second)
		ps.SetStatus(busy, http.StatusCreated)
		all := ps.WaitFor(t, roster+1, 60*time.Second)
		e.pushJobsSettled()

		told := map[string]int{}
		for _, g := range all {
			if g.Status == http.StatusCreated {
				told[g.Device]++
				if seen := readPush(t, g); seen.Body != "Someone needs support now" {
					t.Errorf("a peer supporter's phone reads %q", seen.Body)
				}
			}
		}
		if len(told) != roster {
			t.Errorf("%d of %d devices were told", len(told), roster)
		}
		for d, n := range told {
			if n != 1 {
				t.Errorf("device %s was told %d times", d, n)
			}
		}
		if first[len(first)-1].Status == http.StatusCreated && told[busy.ID] != 1 {
			t.Errorf("the busy device was not told when it could take it")
		}
		jobs := testutil.CountJobs(t, e.store.(*bunstore.Store), "kind", "push", "push_batch")
		if jobs["push_batch"] != 1 || jobs["push"] != 1 {
			t.Errorf("the alert made %d batch jobs and %d single pushes; want 1 batch and 1 retry for the busy device", jobs["push_batch"], jobs["push"])
		}
		mine := e.do("GET", "/api/v1/support/alerts?role=member", aTok, nil).JSON(t)["items"].([]any)[0].(map[string]any)
		reached := mine["reached"].([]any)
		if len(reached) != 1 || reached[0].(map[string]any)["push"] != float64(roster) || reached[0].(map[string]any)["push_queued"] != false {
			t.Errorf("the alert reached %v; want the roster's %d devices", reached, roster)
		}
	})
}

// TestAlertWakesTheQueue: the job queue looks for due jobs once an hour
// here, and Ana presses "I need support now". Her partner Pat's phone
// shows "Someone in your circle needs you" all the same: the alert's
// pushes are a job queued in the alert's own transaction, and once that
// commits the node's workers are woken for it, not left to the next poll.
// (Without the wake-up the push would wait up to the hour; the test waits
// at most 30 s for it.)
func TestAlertWakesTheQueue(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e := newEnvPolling(t, db, time.Hour)
		ps := e.startPush()
		e.signupLogin("admin@example.org", goodPassword, "Admin")
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana Quintero")
		pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
		e.partnered(aTok, pTok, pID)
		patPhone := ps.NewDevice(t)
		e.subscribe(pTok, patPhone, "")
		before := len(ps.Received())

		alert := e.do("POST", "/api/v1/support/alerts", aTok, nil)
		expectStatus(t, alert, http.StatusCreated)
		got := ps.WaitFor(t, before+1, 30*time.Second)
		var onPat []string
		for _, g := range got[before:] {
			if g.Device == patPhone.ID && g.Status == http.StatusCreated {
				onPat = append(onPat, readPush(t, g).Body)
			}
		}
		if len(onPat) != 1 || onPat[0] != "Someone in your circle needs you" {
			t.Fatalf("Pat's phone shows %q; want the call for support once", onPat)
		}
	})
}

// TestPushChoicesByCategory: a person turns push off for messages through
// the API, naming only that; their other choices stay as they were, calls
// for support cannot be taken off their devices, and a message then shows
// in the app but reaches no device while an encouragement does.
func TestPushChoicesByCategory(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		ps := e.startPush()
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana Quintero")
		pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
		pid := e.partnered(aTok, pTok, pID)
		cid := e.do("POST", "/api/v1/connections", aTok, map[string]string{"user_id": pID}).JSON(t)["id"].(string)
		expectStatus(t, e.do("POST", "/api/v1/connections/"+cid+"/accept", pTok, nil), http.StatusNoContent)
		phone := ps.NewDevice(t)
		e.subscribe(pTok, phone, "Pat's phone")

		r := e.do("PUT", "/api/v1/notifications/settings", pTok, map[string]any{"categories": map[string]any{"messages": map[string]bool{"push": false}, "support": map[string]bool{"push": false}}})
		expectStatus(t, r, http.StatusOK)
		cats := r.JSON(t)["categories"].(map[string]any)
		cat := func(c, k string) any { return cats[c].(map[string]any)[k] }
		if cat("messages", "push") != false || cat("messages", "in_app") != true || cat("messages", "email") != true {
			t.Errorf("messages after turning push off: %v", cats["messages"])
		}
		if cat("support", "push") != true || cat("partners", "push") != true {
			t.Errorf("support %v, partners %v: support always goes to devices, partners was not named", cats["support"], cats["partners"])
		}
		e.pushJobsSettled()
		before := len(ps.Received())

		expectStatus(t, e.do("POST", "/api/v1/dms", aTok, map[string]string{"user_id": pID, "client_id": "c1", "body": "Thinking of you today"}), http.StatusCreated)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/encourage", aTok, map[string]string{"kind": "proud"}), http.StatusNoContent)
		got := ps.WaitFor(t, before+1, 20*time.Second)
		e.pushJobsSettled()
		if got = ps.Received(); len(got) != before+1 {
			t.Fatalf("%d pushes after the message and the encouragement, want 1 (the encouragement)", len(got)-before)
		}
		if seen := readPush(t, got[before]); seen.Path != "/partners" || seen.Body != "Something new is waiting for you" {
			t.Errorf("Pat's phone reads %+v", seen)
		}
		list := e.do("GET", "/api/v1/notifications", pTok, nil).String()
		if !strings.Contains(list, "You have a new message from Ana Quintero") {
			t.Errorf("the message is not in Pat's notifications: %s", list)
		}
	})
}

// TestWaitingPushTellsTheNewest: while a device's push waits (its push
// service was busy), the next notification of the same kind of thing joins
// it rather than queueing a second; when it goes, it tells the newest.
func TestWaitingPushTellsTheNewest(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db testutil.DB) {
		e, _ := newEnvWithAdmin(t, db)
		ps := e.startPush()
		_, aTok := e.signupLogin("ana@example.org", goodPassword, "Ana")
		pID, pTok := e.signupLogin("pat@example.org", goodPassword, "Pat")
		pid := e.partnered(aTok, pTok, pID)
		phone := ps.NewDevice(t)
		expectStatus(t, e.do("POST", "/api/v1/me/push-subscriptions", pTok, map[string]any{"endpoint": phone.Endpoint,
			"keys": map[string]string{"p256dh": phone.P256dh, "auth": phone.Auth}, "device_name": "Pat's phone", "full_text": true}), http.StatusCreated)

		ps.SetStatus(phone, http.StatusServiceUnavailable)
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/encourage", aTok, map[string]string{"kind": "thinking_of_you"}), http.StatusNoContent)
		ps.WaitFor(t, 1, 30*time.Second)
		testutil.WaitForJobs(t, e.store.(*bunstore.Store), 20*time.Second, "the push the busy service refused waiting to be tried again",
			func(byState map[string]int) bool { return byState["retryable"] == 1 }, "push")
		expectStatus(t, e.do("POST", "/api/v1/partners/"+pid+"/encourage", aTok, map[string]string{"kind": "proud"}), http.StatusNoContent)
		ps.SetStatus(phone, 0)
		var got []testutil.PushReceived
		for end := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			got = ps.Received()
			if got[len(got)-1].Status == http.StatusCreated {
				break
			}
			if time.Now().After(end) {
				t.Fatal("the push service, free again, was never sent the waiting push")
			}
		}
		e.pushJobsSettled()
		got = ps.Received()
		taken := 0
		for _, g := range got {
			if g.Status == http.StatusCreated {
				taken++
			}
		}
		if taken != 1 {
			t.Errorf("the phone took %d pushes, want the one that waited, telling the newest", taken)
		}
		if seen := readPush(t, got[len(got)-1]); seen.Body != "Ana is proud of you. 🎉" {
			t.Errorf("the waiting push told %q, want the newest encouragement", seen.Body)
		}
		if texts := e.notificationTexts(pTok); len(texts) < 2 || texts[0] != "Ana is proud of you. 🎉" || texts[1] != "Ana is thinking of you." {
			t.Errorf("in the app Pat reads %q", texts)
		}
	})
}
