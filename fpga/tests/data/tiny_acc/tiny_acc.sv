// Stand-in design for the FPGA report parsers (hand-written): a 512 x 16 weight memory
// (block RAM), a signed 8 x 8 multiply-accumulate, an int8 saturating output and a beat
// counter, behind a narrow interface so it also fits an iCE40 package.
module tiny_acc (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              wr_en_i,
  input  logic [8:0]        wr_addr_i,
  input  logic [15:0]       wr_data_i,
  input  logic              valid_i,
  input  logic [8:0]        rd_addr_i,
  input  logic signed [7:0] a_i,
  output logic signed [7:0] sat_o,
  output logic [9:0]        count_o
);
  logic [15:0] mem_q [0:511];
  logic [15:0] rd_data_q;
  logic        rd_valid_q;
  logic signed [7:0]  a_q;
  logic signed [15:0] prod_q;
  logic               prod_valid_q;
  logic signed [23:0] acc_q;

  // Memory: data only, no reset, so it maps onto a block RAM.
  always_ff @(posedge clk_i) begin
    if (wr_en_i) mem_q[wr_addr_i] <= wr_data_i;
    rd_data_q <= mem_q[rd_addr_i];
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rd_valid_q   <= 1'b0;
      prod_valid_q <= 1'b0;
      a_q          <= '0;
      prod_q       <= '0;
      acc_q        <= '0;
      count_o      <= '0;
    end else begin
      rd_valid_q   <= valid_i;
      a_q          <= a_i;
      prod_q       <= a_q * $signed(rd_data_q[7:0]);
      prod_valid_q <= rd_valid_q;
      if (prod_valid_q) begin
        acc_q   <= acc_q + 24'(prod_q);
        count_o <= count_o + 10'd1;
      end
    end
  end

  // Saturate the accumulator to int8.
  always_comb begin
    if (acc_q > 24'sd127)       sat_o = 8'sd127;
    else if (acc_q < -24'sd128) sat_o = -8'sd128;
    else                        sat_o = acc_q[7:0];
  end
endmodule
