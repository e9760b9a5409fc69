// Command validate checks Istio manifests against Istio's CRD schemas the
// way the Kubernetes API server would on `kubectl apply`: OpenAPI schema,
// defaults, unknown fields and the CRDs' CEL rules (Istio's own
// pkg/config/crd validator). A kind with no CRD is an error.
//
//	validate CRD_YAML MANIFEST...
package main

import (
	"fmt"
	"os"

	"istio.io/istio/pkg/config/crd"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: validate CRD_YAML MANIFEST...")
		os.Exit(2)
	}
	v, err := crd.NewValidatorFromFiles(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "validate:", err)
		os.Exit(1)
	}
	failed := 0
	for _, f := range os.Args[2:] {
		b, err := os.ReadFile(f)
		if err == nil {
			err = v.ValidateCustomResourceYAML(string(b), nil)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "validate: %s: %v\n", f, err)
			failed++
			continue
		}
		fmt.Printf("validate: %s: ok\n", f)
	}
	fmt.Printf("validate: %d passed, %d failed\n", len(os.Args)-2-failed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
