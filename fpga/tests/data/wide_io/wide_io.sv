// Stand-in design that does not fit an iCE40 HX8K CT256 package: 300 output pins (hand-written).
module wide_io (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic [7:0]   d_i,
  output logic [299:0] q_o
);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) q_o <= '0;
    else         q_o <= {q_o[291:0], d_i};
  end
endmodule
