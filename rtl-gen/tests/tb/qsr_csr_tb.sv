// Icarus testbench of the CSR paths of a generated 1x1 ws int8 accelerator
// (rtl-gen/tests/configs/m1x1_ws_s8.yaml), with values worked out by hand from
// docs/rtl-contract.md: AW before W and W before AW, byte strobes, unmapped addresses, a
// start with bad dimensions (error 1), a start while busy (error 2, the run continues), one
// 1x1x1 GEMM end to end, and the counters. `CONFIG_HASH` comes from the command line.
`timescale 1ns / 1ps
module qsr_csr_tb;
  logic        clk = 1'b0;
  logic        rst_n = 1'b0;
  logic [63:0] s_tdata = '0;
  logic        s_tvalid = 1'b0;
  logic        s_tready;
  logic [63:0] m_tdata;
  logic        m_tvalid;
  logic        m_tready = 1'b0;
  logic        m_tlast;
  logic [11:0] awaddr = '0, araddr = '0;
  logic        awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0, arvalid = 1'b0, rready = 1'b0;
  logic [31:0] wdata = '0;
  logic [3:0]  wstrb = '0;
  logic        awready, wready, bvalid, arready, rvalid;
  logic [1:0]  bresp, rresp;
  logic [31:0] rdata;
  int          errors = 0;

  qsr_m1x1_ws_s8_top u_dut (
    .clk_i (clk), .rst_ni (rst_n),
    .s_axis_tdata (s_tdata), .s_axis_tvalid (s_tvalid), .s_axis_tready (s_tready),
    .s_axis_tlast (1'b0),
    .m_axis_tdata (m_tdata), .m_axis_tvalid (m_tvalid), .m_axis_tready (m_tready),
    .m_axis_tlast (m_tlast),
    .s_axi_awaddr (awaddr), .s_axi_awvalid (awvalid), .s_axi_awready (awready),
    .s_axi_wdata (wdata), .s_axi_wstrb (wstrb), .s_axi_wvalid (wvalid), .s_axi_wready (wready),
    .s_axi_bresp (bresp), .s_axi_bvalid (bvalid), .s_axi_bready (bready),
    .s_axi_araddr (araddr), .s_axi_arvalid (arvalid), .s_axi_arready (arready),
    .s_axi_rdata (rdata), .s_axi_rresp (rresp), .s_axi_rvalid (rvalid), .s_axi_rready (rready)
  );

  always #5 clk = ~clk;

  task automatic check(input string what, input logic [63:0] got, input logic [63:0] want);
    if (got !== want) begin
      $display("FAIL %s: got 0x%0h, want 0x%0h", what, got, want);
      errors++;
    end
  endtask

  // Handshakes are decided on the values just before the rising edge: the testbench changes
  // its inputs after the falling edge and samples ready on the next falling edge.

  // AXI4-Lite write. order 0: AW and W together; 1: AW 3 cycles before W; 2: W before AW.
  task automatic write(input logic [11:0] addr, input logic [31:0] data, input logic [3:0] strb,
                       input int order);
    logic aw_done, w_done;
    @(negedge clk);
    awaddr = addr; wdata = data; wstrb = strb;
    awvalid = order != 2;
    wvalid = order != 1;
    for (int cycle = 0; awvalid || wvalid || cycle <= 3; cycle++) begin
      if (cycle == 3) begin
        awvalid = awvalid || order == 2;
        wvalid = wvalid || order == 1;
      end
      #1;
      aw_done = awvalid && awready;
      w_done = wvalid && wready;
      @(negedge clk);
      if (aw_done) awvalid = 1'b0;
      if (w_done) wvalid = 1'b0;
      if (order == 2 && cycle == 3 && w_done) begin
        $display("FAIL W accepted again");
        errors++;
      end
    end
    bready = 1'b1;
    #1;
    while (!bvalid) begin
      @(negedge clk);
      #1;
    end
    check("bresp", 64'(bresp), 64'd0);
    @(negedge clk);
    bready = 1'b0;
  endtask

  task automatic read(input logic [11:0] addr, output logic [31:0] data);
    logic done;
    @(negedge clk);
    araddr = addr; arvalid = 1'b1;
    do begin
      #1 done = arready;
      @(negedge clk);
    end while (!done);
    arvalid = 1'b0;
    rready = 1'b1;
    #1;
    while (!rvalid) begin
      @(negedge clk);
      #1;
    end
    data = rdata;
    check("rresp", 64'(rresp), 64'd0);
    @(negedge clk);
    rready = 1'b0;
  endtask

  task automatic send(input logic [63:0] beat);
    logic done;
    @(negedge clk);
    s_tdata = beat; s_tvalid = 1'b1;
    do begin
      #1 done = s_tready;
      @(negedge clk);
    end while (!done);
    s_tvalid = 1'b0;
  endtask

  logic [31:0] v;
  initial begin
    repeat (4) @(posedge clk);
    #1 rst_n = 1'b1;

    // Constant registers.
    read(12'h030, v); check("array_shape (cols 1, rows 1)", 64'(v), 64'h0001_0001);
    read(12'h02C, v); check("config_hash", 64'(v), 64'(`CONFIG_HASH));
    read(12'h3FC, v); check("unmapped read", 64'(v), 64'd0);
    read(12'h004, v); check("status after reset", 64'(v), 64'd0);

    // Byte strobes: only the low byte of dim_m is written; AW first, then W first.
    write(12'h00C, 32'h1234_5605, 4'b0001, 1);
    read(12'h00C, v); check("dim_m low byte", 64'(v), 64'h5);
    write(12'h00C, 32'h0000_0000, 4'b1111, 2);
    write(12'h3F0, 32'hFFFF_FFFF, 4'b1111, 0);  // unmapped: ignored
    read(12'h00C, v); check("dim_m cleared", 64'(v), 64'd0);

    // Bad dimensions (M = 0): error and done, code 1, nothing consumed.
    write(12'h010, 32'd1, 4'b1111, 0);
    write(12'h014, 32'd1, 4'b1111, 0);
    write(12'h000, 32'd1, 4'b1111, 0);
    read(12'h004, v); check("status after bad start (error|done)", 64'(v), 64'b110);
    read(12'h008, v); check("error_code bad dims", 64'(v), 64'd1);
    if (s_tready) begin $display("FAIL tready after a bad start"); errors++; end
    // K above k_max (128): also bad.
    write(12'h00C, 32'd1, 4'b1111, 0);
    write(12'h014, 32'd129, 4'b1111, 0);
    write(12'h000, 32'd1, 4'b1111, 0);
    read(12'h008, v); check("error_code k > k_max", 64'(v), 64'd1);

    // One 1x1x1 GEMM: a = -3, w = 7 -> -21 in 24 bits (acc_bits) in the low bits of the beat.
    write(12'h014, 32'd1, 4'b1111, 0);
    write(12'h000, 32'd1, 4'b1111, 0);
    read(12'h004, v); check("status busy, done/error cleared", 64'(v), 64'b001);
    read(12'h008, v); check("error_code cleared", 64'(v), 64'd0);
    write(12'h000, 32'd1, 4'b1111, 0);  // start while busy
    read(12'h004, v); check("status busy|error", 64'(v), 64'b101);
    read(12'h008, v); check("error_code start while busy", 64'(v), 64'd2);
    send(64'h0000_0000_0000_0007);       // weight word (1 lane)
    send(64'h0000_0000_0000_00FD);       // activation word: -3
    @(negedge clk);
    m_tready = 1'b1;
    #1;
    while (!m_tvalid) begin
      @(negedge clk);
      #1;
    end
    check("result beat", m_tdata, 64'h0000_0000_00FF_FFEB);
    check("tlast", 64'(m_tlast), 64'd1);
    @(negedge clk);
    m_tready = 1'b0;
    read(12'h004, v); check("status done|error", 64'(v), 64'b110);
    read(12'h024, v); check("macs_lo", 64'(v), 64'd1);
    read(12'h028, v); check("macs_hi", 64'(v), 64'd0);
    read(12'h018, v);
    if (v == 0) begin $display("FAIL cycles_busy is 0"); errors++; end
    read(12'h000, v); check("ctrl reads 0", 64'(v), 64'd0);

    if (errors == 0) $display("PASS");
    else $fatal(1, "%0d check(s) failed", errors);
    $finish;
  end

  initial begin
    #200000;
    $fatal(1, "timeout");
  end
endmodule
