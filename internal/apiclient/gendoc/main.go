// Command gendoc writes the API's OpenAPI document (as served at
// /api/v1/openapi.json) to the file named by its argument.
package main

import (
	"fmt"
	"os"

	"github.com/kinshiprecovery/kinship/internal/httpapi"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendoc FILE")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], append(httpapi.OpenAPIDocument(), '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
