# link.mk - the link-configuration matrix (tests/link/test_link.c): one
# native test binary per PROXYWASM_HOOKS() set (LINK_SET) and with or
# without finding streams by id (LINK_FIND), so a call whose result depends
# on what else is linked fails in some build. Include after mk/native.mk.
LINK_BUILDS := $(foreach s,1 2 3 4 5,$(foreach f,0 1,$(s)_$(f)))
$(foreach b,$(LINK_BUILDS),$(eval $(call native_test,$(NATIVE)/tests/test_link_$(b),tests/link/test_link.c)))
$(foreach b,$(LINK_BUILDS),$(eval $(NATIVE)/tests/test_link_$(b): private NATIVE_CFLAGS += \
  -DLINK_SET=$(word 1,$(subst _, ,$(b))) -DLINK_FIND=$(word 2,$(subst _, ,$(b)))))
