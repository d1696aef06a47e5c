package i18n

import (
	"testing"

	"github.com/kinshiprecovery/kinship/internal/model"
)

// No one may take as their display name the words any catalog shows for
// an erased account: a living "un exmiembro" would read as one.
func TestErasedAccountsWordsAreReservedNames(t *testing.T) {
	for _, code := range Load().Codes() {
		l := For(code)
		for _, id := range []string{"name.former_member", "chat.former_member", "audit.former_member"} {
			if w := l.T(id); !model.ReservedDisplayName(w) {
				t.Errorf("%s's %s %q is not a reserved display name (model.reservedNames)", code, id, w)
			}
		}
	}
}
