// Stand-in design for the LUT-as-memory count of the xc7 parser (hand-written): a 64 x 8
// memory with an asynchronous read (distributed RAM) and an 8-bit, 16-deep shift register
// without reset (SRL).
module lutram (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic [5:0] waddr_i,
  input  logic [5:0] raddr_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o,
  output logic [7:0] srl_o
);
  logic [7:0] mem_q [0:63];
  logic [7:0] sh_q [0:15];
  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= d_i;
    sh_q[0] <= d_i;
    for (int i = 1; i < 16; i++) sh_q[i] <= sh_q[i - 1];
  end
  assign q_o   = mem_q[raddr_i];
  assign srl_o = sh_q[15];
endmodule
