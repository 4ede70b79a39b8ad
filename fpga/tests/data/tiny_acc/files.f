tiny_acc.sv
