# Negative test on the real generator's output: generate CONFIG, break the PE's accumulate
# (psum_i + prod -> psum_i ^ prod) in a copy, co-simulate the copy: `quasar cosim` must exit 1
# and name the first wrong element. If the mutation site disappears from the generated Verilog,
# this test fails loudly instead of passing vacuously.
#   cmake -DQUASAR=... -DCONFIG=... -DWORKLOAD=... -DOUT=... -DWORK=... -P mutant_rtl.cmake
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${QUASAR} gen ${CONFIG} -o ${OUT} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "quasar gen failed (${rc})")
endif()
set(pe ${OUT}/rtl/qsr_pe_int.sv)
file(READ ${pe} text)
set(site "psum_i + prod_acc")
string(FIND "${text}" "${site}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "mutation site '${site}' not found in ${pe}: update this test")
endif()
string(REPLACE "${site}" "psum_i ^ prod_acc" text "${text}")
file(WRITE ${pe} "${text}")
execute_process(COMMAND ${QUASAR} cosim ${CONFIG} --workload ${WORKLOAD} --rtl-dir ${OUT}/rtl
                        --work-dir ${WORK} --seeds 2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "quasar cosim on the mutant exited ${rc}, expected 1")
endif()
if(NOT out MATCHES "MISMATCH seed 0, layer [a-z0-9]+: output \\(m=[0-9]+, n=[0-9]+\\): expected -?[0-9]+, got -?[0-9]+")
  message(FATAL_ERROR "the mismatch report does not name the element")
endif()
if(NOT out MATCHES "waveform: [^\n]*\\.fst" OR NOT out MATCHES "cosim: FAIL 0/1 seeds passed")
  message(FATAL_ERROR "no waveform or no FAIL summary")
endif()
