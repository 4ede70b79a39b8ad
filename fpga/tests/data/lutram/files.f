lutram.sv
