# CMake toolchain file for proxy-wasm-c plugins (wasm32 WASI reactors).
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=<prefix>/lib/cmake/proxywasm/proxywasm-toolchain.cmake ..
#
# Uses Debian's clang-19 (target wasm32-wasi, wasi-libc in its default
# place), or a wasi-sdk when WASI_SDK_PATH is set in the environment (target
# wasm32-wasip1, its own sysroot). PROXYWASM_CC picks another clang.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")

if(DEFINED ENV{WASI_SDK_PATH})
  set(PROXYWASM_CC "$ENV{WASI_SDK_PATH}/bin/clang" CACHE FILEPATH "clang for wasm32")
  set(CMAKE_AR "$ENV{WASI_SDK_PATH}/bin/llvm-ar" CACHE FILEPATH "")
  set(CMAKE_C_COMPILER_TARGET wasm32-wasip1)
  set(CMAKE_SYSROOT "$ENV{WASI_SDK_PATH}/share/wasi-sysroot")
else()
  set(PROXYWASM_CC clang-19 CACHE STRING "clang for wasm32")
  find_program(CMAKE_AR NAMES llvm-ar-19 llvm-ar)
  # Debian's wasi-libc lives under the older triple's directory.
  set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
endif()
set(CMAKE_C_COMPILER "${PROXYWASM_CC}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
