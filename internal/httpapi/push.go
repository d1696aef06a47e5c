package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// pushKey is the instance's VAPID public key, for PushManager.subscribe.
type pushKey struct {
	// PublicKey is the applicationServerKey, unpadded base64url; null when
	// this Kinship sends no push notifications.
	PublicKey *string `json:"public_key"`
}

// pushDevice is one device that receives the person's notifications.
type pushDevice struct {
	ID string `json:"id"`
	// DeviceName is the person's name for it, or one made from its browser.
	DeviceName string `json:"device_name"`
	// FullText: its notifications say what they are about; otherwise only
	// that something waits.
	FullText   bool    `json:"full_text"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at"`
}

// pushDeviceList is the person's devices (a handful; one page).
type pushDeviceList struct {
	Items      []pushDevice `json:"items"`
	NextCursor *string      `json:"next_cursor"`
	HasMore    bool         `json:"has_more"`
}

func stampMS(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func toPushDevice(d app.PushDevice) pushDevice {
	out := pushDevice{ID: d.ID, DeviceName: d.DeviceName, FullText: d.FullText, CreatedAt: stampMS(d.CreatedAt)}
	if d.LastUsedAt != nil {
		s := stampMS(*d.LastUsedAt)
		out.LastUsedAt = &s
	}
	return out
}

func (s *Server) vapidKey(w http.ResponseWriter, r *http.Request) {
	var out pushKey
	if k := s.app.VAPIDPublicKey(); k != "" && s.app.PushEnabled() {
		out.PublicKey = &k
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listPushDevices(w http.ResponseWriter, r *http.Request) {
	ds, err := s.app.ListPushDevices(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := pushDeviceList{Items: make([]pushDevice, 0, len(ds))}
	for _, d := range ds {
		out.Items = append(out.Items, toPushDevice(d))
	}
	writeJSON(w, http.StatusOK, out)
}

// addPushDeviceIn is the body of addPushDevice.
type addPushDeviceIn struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
	DeviceName string `json:"device_name"`
	FullText   bool   `json:"full_text,omitempty"`
}

func (s *Server) addPushDevice(w http.ResponseWriter, r *http.Request) {
	var in addPushDeviceIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	d, created, err := s.app.SubscribePush(r.Context(), app.PushSubscriptionInput{Endpoint: in.Endpoint, P256dh: in.Keys.P256dh, Auth: in.Keys.Auth,
		DeviceName: in.DeviceName, UserAgent: r.UserAgent(), FullText: in.FullText})
	if err != nil {
		writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/me/push-subscriptions/"+d.ID)
	}
	writeJSON(w, status, toPushDevice(*d))
}

// updatePushDeviceIn is the body of updatePushDevice.
type updatePushDeviceIn struct {
	DeviceName *string `json:"device_name"`
	FullText   *bool   `json:"full_text"`
}

func (s *Server) updatePushDevice(w http.ResponseWriter, r *http.Request) {
	var in updatePushDeviceIn
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/merge-patch+json") {
		r.Header.Set("Content-Type", "application/json")
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	d, err := s.app.UpdatePushDevice(r.Context(), r.PathValue("id"), in.DeviceName, in.FullText)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toPushDevice(*d))
}

func (s *Server) removePushDevice(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RevokePushDevice(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
