# Runs `QUASAR check INPUT` in WORKDIR and compares its exit code with EXIT_CODE and its
# stderr with the text of EXPECTED (a golden *_bad.err), byte for byte.
#   cmake -DQUASAR=... -DINPUT=x_bad.yaml -DWORKDIR=... -DEXPECTED=x_bad.err -DEXIT_CODE=2 -P check_golden.cmake
# Run inside WORKDIR so that messages show bare file names, as the golden files do.
foreach(var QUASAR INPUT WORKDIR EXPECTED EXIT_CODE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_golden.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(COMMAND "${QUASAR}" check "${INPUT}"
                WORKING_DIRECTORY "${WORKDIR}"
                RESULT_VARIABLE code
                OUTPUT_VARIABLE stdout
                ERROR_VARIABLE stderr)
file(READ "${EXPECTED}" expected)

set(failed FALSE)
if(NOT "${code}" STREQUAL "${EXIT_CODE}")
  message("exit code ${code}, expected ${EXIT_CODE}")
  set(failed TRUE)
endif()
if(NOT "${stderr}" STREQUAL "${expected}")
  message("stderr differs from ${EXPECTED}\n--- expected\n${expected}--- got\n${stderr}---")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "quasar check ${INPUT}: mismatch")
endif()
