# top: pipeline (docs/dyadic-pipeline.md, "top: pipeline"): the post-processing pipeline alone,
# co-simulated on Verilator against the golden requantizer. The configs in pipeline/ cover 1, 3,
# 4, 5 and 8 lanes, words on one or several input and output beats, per tensor and per channel,
# bias or none, every rounding mode, none/relu/relu6/clip, int8/uint4/uint8/int12/int16 out,
# mult_bits 8..31, 20..48-bit accumulators and both reset styles. Each streams the golden GEMM
# accumulators of requant_mix's layers as [M x N] rows plus the constructed corner jobs
# (ties, saturation, extremes), 2 seeds without and 2 with 30% stalls on both streams, on
# Verilator and the SystemC model (sim/pipeline_top.h): every transfer of every seed equal
# (values and cycles), and without stalls every beat's cycle and cycles_busy equal to the
# analytical arch::pipelineTiming (--engines verilator,systemc,analytical).
# configs/arch/pipeline_requant.yaml (8 lanes, int32 -> int8) runs small_gemm, and so does
# configs/arch/pipeline_residual.yaml (post.residual: the second stream s_axis_res, z2 another
# layer's accumulators; pl_res_* are its small regression configs). Every config also passes
# the lint gate.
set(pipeline_dir ${CMAKE_CURRENT_SOURCE_DIR}/pipeline)
file(GLOB pipeline_configs CONFIGURE_DEPENDS ${pipeline_dir}/pl_*.yaml)
set(pipeline_cases)
foreach(config ${pipeline_configs})
  list(APPEND pipeline_cases "${config}|${CMAKE_CURRENT_SOURCE_DIR}/requant/requant_mix_workload.yaml")
endforeach()
list(APPEND pipeline_cases
     "${PROJECT_SOURCE_DIR}/configs/arch/pipeline_requant.yaml|${PROJECT_SOURCE_DIR}/configs/workloads/small_gemm.yaml"
     "${PROJECT_SOURCE_DIR}/configs/arch/pipeline_residual.yaml|${PROJECT_SOURCE_DIR}/configs/workloads/small_gemm.yaml")

# Row units inside top: pipeline (post.nonlinear; docs/dyadic-pipeline.md, "Row units in top:
# pipeline"): the pr_*.yaml configs (Shiftmax per tensor and per channel, ShiftGELU, I-LayerNorm
# per channel and per tensor; 2..5 lanes; words on 1..3 input and output beats) on requant_mix,
# configs/arch/pipeline_softmax.yaml (8 lanes, rows of 197) and pipeline_transformer.yaml
# (residual add then I-LayerNorm, 8 lanes, rows of 768) on small_gemm: golden requantize
# then the unit per row (arch::packRowUnitOutput), plus the constructed corner jobs through an
# identity requantizer and the bad-x0 starts (testbenches/src/pipeline_row_jobs.cpp); 2 seeds
# without stalls on Verilator, SystemC and the analytical model (arch::pipelineRunTiming, every
# beat's cycle) and 2 with 30% stalls on Verilator and SystemC, like the pl_* configs. Each also
# passes the lint gate.
file(GLOB pipeline_row_configs CONFIGURE_DEPENDS ${pipeline_dir}/pr_*.yaml)
foreach(config ${pipeline_row_configs})
  list(APPEND pipeline_cases "${config}|${CMAKE_CURRENT_SOURCE_DIR}/requant/requant_mix_workload.yaml")
endforeach()
list(APPEND pipeline_cases
     "${PROJECT_SOURCE_DIR}/configs/arch/pipeline_softmax.yaml|${PROJECT_SOURCE_DIR}/configs/workloads/small_gemm.yaml"
     "${PROJECT_SOURCE_DIR}/configs/arch/pipeline_transformer.yaml|${PROJECT_SOURCE_DIR}/configs/workloads/small_gemm.yaml")

# Every case: 2 seeds clean on verilator,systemc,analytical; 2 with 30% stalls on
# verilator,systemc. (The configs in configs/arch/ have their lint gates in rtl-gen.)
foreach(case ${pipeline_cases})
  string(REPLACE "|" ";" parts ${case})
  list(GET parts 0 config)
  list(GET parts 1 workload)
  get_filename_component(stem ${config} NAME_WE)
  quasar_cosim_test(NAME cosim.pipeline.${stem} CONFIG ${config} WORKLOAD ${workload} ENGINES)
endforeach()
foreach(config ${pipeline_configs} ${pipeline_row_configs})
  quasar_lint_gate(${config})
endforeach()
