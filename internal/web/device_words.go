package web

import (
	"strings"

	"github.com/kinshiprecovery/kinship/internal/i18n"
)

// A session's device and a push device are stored as Kinship described
// them from the browser's User-Agent, in English ("Chrome on Android",
// "Unknown browser", "API client"; app/auth.go and push.DeviceName). The
// sessions page names them in the reader's language: the browser and
// system names are the products' own, the rest comes from the catalog.

// deviceWords are the descriptions that are words, not product names.
var deviceWords = map[string]string{"Unknown browser": "device.unknown_browser", "API client": "device.api_client", "A browser": "device.a_browser"}

// deviceBrowsers and deviceSystems are the product names the descriptions use.
var (
	deviceBrowsers = map[string]bool{"Edge": true, "Firefox": true, "Chrome": true, "Safari": true, "curl": true, "Opera": true, "Samsung Internet": true, "Chromium": true}
	deviceSystems  = map[string]bool{"Android": true, "iPhone": true, "iPad": true, "Windows": true, "macOS": true, "Mac": true, "ChromeOS": true, "Linux": true}
)

// deviceIn names a stored device description in l ("Chrome en Android",
// "Navegador desconocido"); a name a person gave a device, or anything
// else Kinship did not write, is returned as it is.
func deviceIn(l *i18n.Lang, stored string) string {
	browser, system, on := strings.Cut(stored, " on ")
	name := browser
	if id, ok := deviceWords[browser]; ok {
		name = l.T(id)
	} else if !deviceBrowsers[browser] {
		return stored
	}
	if !on {
		return name
	}
	if !deviceSystems[system] {
		return stored
	}
	return l.T("device.on", "Browser", name, "System", system)
}
