wide_io.sv
