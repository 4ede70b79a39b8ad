# quasar_cosim_test: one CTest of the co-simulation regression (used by regression/ and
# sim/tests/). Each of its runs is `quasar cosim CONFIG --workload WORKLOAD --work-dir <cache>`
# with one options string of RUNS ("-" or none: no options, e.g. the bit-serial format the CSR
# resets to; "--w-prec 8,5": a format list cycled over the layers):
#   CLEAN seeds (default 2) from seed 0 without stalls, then
#   STALLED seeds (default 2) from seed 10 with STALL_PROB (default 0.3) input gaps and output
#   ready drops.
# ENGINES: the clean runs on verilator, systemc and analytical (every beat on the same cycle),
# the stalled ones on verilator and systemc (every transfer equal); otherwise Verilator alone.
# Every run is also checked bit for bit against the golden model. All runs of a test share one
# cached Verilator build (by config hash), so a config costs one build however many runs it has.
#
#   quasar_cosim_test(NAME cosim.x CONFIG x.yaml WORKLOAD w.yaml [ENGINES] [CLEAN n]
#                     [STALLED n] [STALL_PROB p] [RUNS opts...] [LABELS l...] [DEPENDS t...])
set(quasar_cosim_work_dir ${PROJECT_BINARY_DIR}/cache)
function(quasar_cosim_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "ENGINES" "NAME;CONFIG;WORKLOAD;CLEAN;STALLED;STALL_PROB"
                        "RUNS;LABELS;DEPENDS")
  foreach(key CLEAN STALLED)
    if(NOT DEFINED arg_${key})
      set(arg_${key} 2)
    endif()
  endforeach()
  if(NOT DEFINED arg_STALL_PROB)
    set(arg_STALL_PROB 0.3)
  endif()
  if(NOT arg_RUNS)
    set(arg_RUNS "-")
  endif()
  if(NOT arg_LABELS)
    set(arg_LABELS cosim)
  endif()
  set(clean_engines "")
  set(stalled_engines "")
  if(arg_ENGINES)
    set(clean_engines " --engines verilator,systemc,analytical")
    set(stalled_engines " --engines verilator,systemc")
  endif()
  set(base "$<TARGET_FILE:quasar> cosim ${arg_CONFIG} --workload ${arg_WORKLOAD} --work-dir ${quasar_cosim_work_dir}")
  set(cmd "true")
  foreach(options ${arg_RUNS})
    set(run "${base}")
    if(NOT options STREQUAL "-")
      string(APPEND run " ${options}")
    endif()
    if(arg_CLEAN GREATER 0)
      string(APPEND cmd " && ${run}${clean_engines} --seeds ${arg_CLEAN}")
    endif()
    if(arg_STALLED GREATER 0)
      string(APPEND cmd " && ${run}${stalled_engines} --seeds ${arg_STALLED} --seed 10 --stall-prob ${arg_STALL_PROB}")
    endif()
  endforeach()
  add_test(NAME ${arg_NAME} COMMAND sh -c "${cmd}")
  set_tests_properties(${arg_NAME} PROPERTIES LABELS "${arg_LABELS}" TIMEOUT 900
                       ENVIRONMENT SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1)
  if(arg_DEPENDS)
    set_tests_properties(${arg_NAME} PROPERTIES DEPENDS "${arg_DEPENDS}")
  endif()
endfunction()
