# Toolchain file: Keel's EL2 image and native components, built with Debian's
# gcc-aarch64-linux-gnu as a freestanding (no OS, no libc) target.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_OBJCOPY aarch64-linux-gnu-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_SIZE aarch64-linux-gnu-size CACHE FILEPATH "size")
set(CMAKE_READELF aarch64-linux-gnu-readelf CACHE FILEPATH "readelf")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
