# examples.mk - every examples/<name>/<plugin>.c is a plugin, built to
# $(PROXYWASM_BUILD)/examples/<name>/<plugin>.wasm (and natively to a shared object);
# every examples/<name>/<plugin>_test.c is its unit test, linked with
# <plugin>.c when that exists. Tests find the shared objects through
# PROXYWASM_PLUGIN_DIR.

EXAMPLE_DIRS := $(patsubst %/,%,$(sort $(dir $(wildcard examples/*/*.c))))
EXAMPLE_PLUGIN_SRCS := $(filter-out %_test.c,$(wildcard examples/*/*.c))
EXAMPLE_WASMS := $(patsubst examples/%.c,$(PROXYWASM_BUILD)/examples/%.wasm,$(EXAMPLE_PLUGIN_SRCS))

$(foreach s,$(EXAMPLE_PLUGIN_SRCS),$(eval $(call proxywasm_plugin,$(patsubst examples/%.c,$(PROXYWASM_BUILD)/examples/%.wasm,$(s)),$(s))))
$(foreach s,$(EXAMPLE_PLUGIN_SRCS),$(eval $(call native_plugin,$(patsubst examples/%.c,$(NATIVE)/examples/%.so,$(s)),$(s))))
$(foreach t,$(wildcard examples/*/*_test.c),$(eval $(call native_test,$(patsubst examples/%.c,$(NATIVE)/examples/%,$(t)),$(t) $(wildcard $(patsubst %_test.c,%.c,$(t))))))

.PHONY: examples
examples: $(EXAMPLE_WASMS)
