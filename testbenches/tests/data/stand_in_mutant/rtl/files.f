+define+QSR_MUTANT
../../stand_in/rtl/qsr_stand_in_top.sv
