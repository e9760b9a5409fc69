# emulator.mk - plugins used by the host emulator's own tests, built as
# shared objects: emulator/testdata/<name>.c -> build/native/emulator/testdata/<name>.so.
# Include after mk/native.mk (it uses native_plugin).

EMU_TESTDATA_SOS := $(patsubst emulator/testdata/%.c,$(NATIVE)/emulator/testdata/%.so,\
  $(wildcard emulator/testdata/*.c))
$(foreach s,$(wildcard emulator/testdata/*.c),$(eval $(call native_plugin,$(patsubst emulator/testdata/%.c,$(NATIVE)/emulator/testdata/%.so,$(s)),$(s))))

# The multi-VM test loads them at run time.
$(NATIVE)/tests/test_emu_multivm: $(EMU_TESTDATA_SOS)
