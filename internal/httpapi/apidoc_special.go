package httpapi

import (
	"reflect"

	"github.com/kinshiprecovery/kinship/internal/app"
)

// specialSchemas describes the types that encode themselves (a
// MarshalJSON), so reflection over their fields would not say their shape.
func specialSchemas() map[reflect.Type]func(*schemaGen) map[string]any {
	str := map[string]any{"type": "string"}
	optStr := map[string]any{"type": "string", "nullable": true}
	strs := map[string]any{"type": "array", "items": str}
	return map[reflect.Type]func(*schemaGen) map[string]any{
		reflect.TypeFor[app.ProfileView](): func(*schemaGen) map[string]any {
			return map[string]any{
				"type":        "object",
				"description": "A member's profile as the caller may see it: a field the member does not show the caller is absent; a field shown but not filled in is null ([] for a list).",
				"properties": map[string]any{
					"id": str, "display_name": str,
					"former_member": map[string]any{"type": "boolean", "description": "true when the account was erased"},
					"pronouns":      optStr, "bio": optStr, "languages": strs,
					"time_zone": map[string]any{"type": "string", "nullable": true, "description": "an IANA time zone"},
					"location": map[string]any{"type": "object", "additionalProperties": false, "required": []string{"city", "country"},
						"properties": map[string]any{"city": optStr, "country": optStr}},
					"pathways": strs, "substances": strs,
					"recovery_start":     map[string]any{"type": "string", "format": "date", "nullable": true, "example": "2026-12-04"},
					"life_circumstances": strs, "interests": strs, "skills": strs, "looking_for": strs,
				},
				"required":             []string{"id", "display_name"},
				"additionalProperties": false,
			}
		},
	}
}
