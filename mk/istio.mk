# istio.mk - Istio images and tests (docs/istio.md).
#
#   make image [IMAGE_WASM=path/plugin.wasm] [IMAGE_DIR=dir]
#        both Istio image variants of a module as OCI layouts, without
#        Docker (scripts/image.sh); prints each manifest digest
#   make push IMAGE=registry/name:tag [IMAGE_VARIANT=compat|oci]
#        pushes one variant and prints the digest for the WasmPlugin sha256
#   make istio-bin       Istio's fetcher, CRD validator, pilot-discovery and
#                        pilot-agent from the pinned module (tests/istio/go.mod)
#   make istio-test      images pulled by Istio's fetcher, manifests checked
#                        against Istio's CRD schemas
#   make istio-e2e       WasmPlugin file -> istiod -> istio-agent -> Envoy
#
# The default module is http_headers (its WasmPlugin is examples/http_headers/
# wasmplugin.yaml).

IMAGE_WASM ?= build/examples/http_headers/plugin.wasm
IMAGE_DIR ?= build/image/$(notdir $(patsubst %/,%,$(dir $(IMAGE_WASM))))
IMAGE_VARIANT ?= compat
IMAGE ?=
ISTIO_BIN := build/istio/bin
ISTIO_TOOLS := $(addprefix $(ISTIO_BIN)/,fetcher validate pilot-discovery pilot-agent)

.PHONY: image push istio-bin istio-test istio-validate istio-fetch istio-e2e
image: $(IMAGE_WASM)
	@scripts/image.sh build $(IMAGE_WASM) $(IMAGE_DIR)

push: image
	@test -n "$(IMAGE)" || { echo "push: set IMAGE=registry/name:tag" >&2; exit 1; }
	@scripts/image.sh push $(IMAGE_DIR)/$(IMAGE_VARIANT) $(IMAGE)

# go build is incremental (Go's build cache): seconds when nothing changed.
istio-bin:
	cd tests/istio && go build -buildvcs=false -o ../../$(ISTIO_BIN)/ ./fetcher ./validate \
	  istio.io/istio/pilot/cmd/pilot-discovery istio.io/istio/pilot/cmd/pilot-agent

istio-validate: istio-bin
	tests/istio/validate.sh

istio-fetch: istio-bin build/examples/http_headers/plugin.wasm build/examples/helloworld/plugin.wasm
	tests/istio/fetch.sh

istio-test: istio-validate istio-fetch

istio-e2e: istio-bin build/examples/http_headers/plugin.wasm build/examples/quickstart/plugin.wasm
	tests/istio/e2e.sh
