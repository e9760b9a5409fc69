// Package main is the Go SDK contender of the benchmark (bench/README.md):
// the same five workloads as bench/floor and bench/sdk, selected by the
// plugin configuration ("pass", "headers", "body", "shared" or "log").
package main

import (
	"encoding/binary"
	"errors"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func init() {
	proxywasm.SetPluginContext(func(uint32) types.PluginContext { return &plugin{} })
}

type plugin struct {
	types.DefaultPluginContext
	workload string
}

func (p *plugin) OnPluginStart(int) types.OnPluginStartStatus {
	cfg, err := proxywasm.GetPluginConfiguration()
	if err != nil {
		return types.OnPluginStartStatusFailed
	}
	p.workload = string(cfg)
	return types.OnPluginStartStatusOK
}

func (p *plugin) NewHttpContext(uint32) types.HttpContext {
	return &stream{workload: p.workload}
}

type stream struct {
	types.DefaultHttpContext
	workload string
}

var seen int // keeps the header reads observable
var requests uint32

func (s *stream) OnHttpRequestHeaders(int, bool) types.Action {
	switch s.workload {
	case "headers":
		if v, err := proxywasm.GetHttpRequestHeader("x-bench-a"); err == nil {
			seen += len(v)
		}
		if v, err := proxywasm.GetHttpRequestHeader("x-bench-b"); err == nil {
			seen += len(v)
		}
	case "shared":
		for tries := 0; tries < 8; tries++ {
			v, cas, err := proxywasm.GetSharedData("bench_counter")
			if err != nil && !errors.Is(err, types.ErrorStatusNotFound) {
				break
			}
			var count uint64
			if len(v) == 8 {
				count = binary.LittleEndian.Uint64(v)
			}
			buf := make([]byte, 8)
			binary.LittleEndian.PutUint64(buf, count+1)
			if err := proxywasm.SetSharedData("bench_counter", buf, cas); !errors.Is(err, types.ErrorStatusCasMismatch) {
				break
			}
		}
	case "log":
		requests++
		proxywasm.LogDebugf("bench request %d", requests)
	}
	return types.ActionContinue
}

func (s *stream) OnHttpRequestBody(size int, eos bool) types.Action {
	if s.workload != "body" {
		return types.ActionContinue
	}
	if !eos {
		return types.ActionPause
	}
	in, err := proxywasm.GetHttpRequestBody(0, size)
	if err != nil || len(in) == 0 {
		return types.ActionContinue
	}
	out := make([]byte, len(in))
	for i, c := range in {
		if c >= 'a' && c <= 'z' {
			c -= 32
		}
		out[i] = c
	}
	_ = proxywasm.ReplaceHttpRequestBody(out)
	return types.ActionContinue
}

func (s *stream) OnHttpResponseHeaders(int, bool) types.Action {
	if s.workload == "headers" {
		_ = proxywasm.AddHttpResponseHeader("x-bench-1", "one")
		_ = proxywasm.AddHttpResponseHeader("x-bench-2", "two")
	}
	return types.ActionContinue
}

// main is required by the toolchain; a c-shared (reactor) module never runs it.
func main() {}
