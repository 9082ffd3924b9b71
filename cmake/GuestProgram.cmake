# Guest code: freestanding big-endian MIPS64 for the R10000, built with Debian's cross
# compiler. Its default ISA is mips64r2, which the R10000 does not run: -march=r10000 always.
find_program(MIPS_CC mips64-linux-gnuabi64-gcc REQUIRED)
set(GUEST_CFLAGS -march=r10000 -mabi=64 -EB -O2 -g -ffreestanding -nostdlib -mno-abicalls -fno-pic
    -G0 -msym32 -fno-builtin -fno-stack-protector
    -Wall -Wextra -Werror -Wimplicit-fallthrough -Wtype-limits -Wsign-compare)
set(GUEST_OUT ${CMAKE_BINARY_DIR}/guest)

# add_guest_program(NAME SOURCES a.S b.c ... [LDSCRIPT file] [INCLUDES dir...] [DEFINES X=1...])
# builds ${GUEST_OUT}/NAME.elf and a target guest_NAME.
function(add_guest_program name)
  cmake_parse_arguments(G "" "LDSCRIPT" "SOURCES;INCLUDES;DEFINES" ${ARGN})
  if(NOT G_LDSCRIPT)
    set(G_LDSCRIPT ${PROJECT_SOURCE_DIR}/tests/lib/guest.ld)
  endif()
  set(objs)
  # disco/include holds what every guest may use: the Disco ABI and MIPS register names.
  set(incs -I${PROJECT_SOURCE_DIR}/disco/include)
  foreach(d ${G_INCLUDES})
    list(APPEND incs -I${d})
  endforeach()
  set(defs)
  foreach(d ${G_DEFINES})
    list(APPEND defs -D${d})
  endforeach()
  foreach(src ${G_SOURCES})
    get_filename_component(abs ${src} ABSOLUTE)
    get_filename_component(base ${src} NAME)
    set(obj ${GUEST_OUT}/obj/${name}/${base}.o)
    add_custom_command(OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${GUEST_OUT}/obj/${name}
      COMMAND ${MIPS_CC} ${GUEST_CFLAGS} ${incs} ${defs} -MD -MF ${obj}.d -c ${abs} -o ${obj}
      DEPENDS ${abs}
      DEPFILE ${obj}.d
      COMMENT "guest ${name}: ${base}"
      VERBATIM)
    list(APPEND objs ${obj})
  endforeach()
  add_custom_command(OUTPUT ${GUEST_OUT}/${name}.elf
    COMMAND ${MIPS_CC} ${GUEST_CFLAGS} -static -Wl,--build-id=none -T ${G_LDSCRIPT} ${objs} -o ${GUEST_OUT}/${name}.elf
    DEPENDS ${objs} ${G_LDSCRIPT}
    COMMENT "guest ${name}.elf"
    VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${GUEST_OUT}/${name}.elf)
endfunction()
