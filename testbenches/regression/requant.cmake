# Requantization after the array (docs/dyadic-pipeline.md): the configs in requant/ cover ws
# and os, arrays 1x1..4x4, every rounding mode, per-tensor and per-channel parameters, bias or
# none, none/relu/relu6/clip, signed and unsigned outputs of 4..16 bits, mult_bits 8..31, a
# 41-bit accumulator (bias_hi) and words on several beats. Each runs requant_mix (tiles crossed
# in every dimension) with 2 seeds on Verilator, SystemC and the analytical model (all three
# must agree on every beat), then 2 seeds with 30% stalls on Verilator and SystemC; the
# expected beats are the golden gemm -> bias -> requantize -> activation with parameters drawn
# per seed (tb::drawPostParams). configs/arch/int8_requant_relu.yaml (8x8) runs small_gemm.
# Every config also passes the lint gate.
# Bit-serial configs (rq_bp_*, rq_bm_*) run the same at the format the CSR resets to; the
# bitplane ones also at P = 3 and 1 (cycled over the layers).
set(requant_dir ${CMAKE_CURRENT_SOURCE_DIR}/requant)
file(GLOB requant_configs CONFIGURE_DEPENDS ${requant_dir}/rq_*.yaml)
set(requant_cases)
foreach(config ${requant_configs})
  list(APPEND requant_cases "${config}|${requant_dir}/requant_mix_workload.yaml")
endforeach()
list(APPEND requant_cases
     "${PROJECT_SOURCE_DIR}/configs/arch/int8_requant_relu.yaml|${PROJECT_SOURCE_DIR}/configs/workloads/small_gemm.yaml")
foreach(case ${requant_cases})
  string(REPLACE "|" ";" parts ${case})
  list(GET parts 0 config)
  list(GET parts 1 workload)
  get_filename_component(stem ${config} NAME_WE)
  set(runs "-")
  if(stem MATCHES "^rq_bp_")
    list(APPEND runs "--w-prec 3,1")
  endif()
  quasar_cosim_test(NAME cosim.requant.${stem} CONFIG ${config} WORKLOAD ${workload} ENGINES
                    RUNS ${runs})
endforeach()
foreach(config ${requant_configs})
  quasar_lint_gate(${config})
endforeach()
