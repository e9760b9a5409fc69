// Command fetcher pulls a Wasm module the way istio-agent does: through
// Istio's own pkg/wasm (LocalFileCache.Get, which calls
// ImageFetcher.PrepareFetch for oci:// URLs), and copies the module it
// got to OUT. On failure it prints Istio's error and exits 1, so tests can
// check which image shapes Istio refuses.
//
//	fetcher [-sha256 HEX] [-cache DIR] URL OUT
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"istio.io/istio/pkg/util/sets"
	"istio.io/istio/pkg/wasm"
)

func main() {
	sum := flag.String("sha256", "", "expected digest (manifest digest for oci://, module digest for http://)")
	dir := flag.String("cache", "", "cache directory (default: a new temporary one)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: fetcher [-sha256 HEX] [-cache DIR] URL OUT")
		os.Exit(2)
	}
	url, out := flag.Arg(0), flag.Arg(1)
	if *dir == "" {
		d, err := os.MkdirTemp("", "istio-wasm-cache")
		if err != nil {
			fmt.Fprintln(os.Stderr, "fetcher:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	// "*" lets the fetcher fall back to plain HTTP, as istio-agent does for
	// registries listed in WASM_INSECURE_REGISTRIES.
	cache := wasm.NewLocalFileCache(*dir, wasm.Options{
		InsecureRegistries:    sets.New("*"),
		HTTPRequestTimeout:    10 * time.Second,
		HTTPRequestMaxRetries: 1,
	})
	defer cache.Cleanup()
	path, err := cache.Get(url, wasm.GetOptions{
		Checksum:       *sum,
		ResourceName:   "namespace/test/wasmplugin",
		RequestTimeout: 10 * time.Second,
		PullPolicy:     wasm.Always,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetcher:", err)
		os.Exit(1)
	}
	b, err := os.ReadFile(path)
	if err == nil {
		err = os.WriteFile(out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetcher:", err)
		os.Exit(1)
	}
	fmt.Printf("fetched %s (%d bytes)\n", url, len(b))
}
