// Hand-written stand-in for a generated accelerator (stand_in.yaml: 1x1, ws, int8 signed,
// acc 32, m-tiles of 4), implementing docs/rtl-contract.md behaviourally. It lets the
// harness, the build cache and the checker be tested without the generator. Verilator only.
// With QSR_MUTANT defined, output (m = 2, n = 1) has bit 0 flipped: the checker must see it.
module qsr_stand_in_top #(
  parameter logic [31:0] ConfigHash = 32'h0
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [39:0] s_axis_tdata,
  input  logic        s_axis_tvalid,
  output logic        s_axis_tready,
  input  logic        s_axis_tlast,
  output logic [95:0] m_axis_tdata,
  output logic        m_axis_tvalid,
  input  logic        m_axis_tready,
  output logic        m_axis_tlast,
  input  logic [11:0] s_axi_awaddr,
  input  logic        s_axi_awvalid,
  output logic        s_axi_awready,
  input  logic [31:0] s_axi_wdata,
  input  logic [3:0]  s_axi_wstrb,
  input  logic        s_axi_wvalid,
  output logic        s_axi_wready,
  output logic [1:0]  s_axi_bresp,
  output logic        s_axi_bvalid,
  input  logic        s_axi_bready,
  input  logic [11:0] s_axi_araddr,
  input  logic        s_axi_arvalid,
  output logic        s_axi_arready,
  output logic [31:0] s_axi_rdata,
  output logic [1:0]  s_axi_rresp,
  output logic        s_axi_rvalid,
  input  logic        s_axi_rready
);
  localparam logic [31:0] Tile = 32'd4;
  localparam logic [31:0] MMax = 32'd100, NMax = 32'd100, KMax = 32'd64;

  typedef enum logic [1:0] {Idle, LoadW, LoadA, Drain} state_e;
  state_e state_q;
  logic [31:0] dim_m_q, dim_n_q, dim_k_q;
  logic busy_q, done_q, error_q;
  logic [31:0] error_code_q, cycles_busy_q, stall_in_q, stall_out_q;
  logic [63:0] macs_q;
  logic [31:0] n_q, m0_q, k_q, i_q;
  logic signed [7:0] w_q;
  logic signed [31:0] acc_q [4];
  logic bvalid_q, rvalid_q;
  logic [31:0] rdata_q;

  wire [31:0] m_left = dim_m_q - m0_q;
  wire [31:0] m_len = (m_left < Tile) ? m_left : Tile;
  wire wr_fire = s_axi_awvalid && s_axi_wvalid && !bvalid_q;
  wire start = wr_fire && s_axi_awaddr == 12'h000 && s_axi_wdata[0];
  wire dims_bad = dim_m_q == 0 || dim_m_q > MMax || dim_n_q == 0 || dim_n_q > NMax ||
                  dim_k_q == 0 || dim_k_q > KMax;

  assign s_axi_awready = wr_fire;
  assign s_axi_wready = wr_fire;
  assign s_axi_bvalid = bvalid_q;
  assign s_axi_bresp = 2'b00;
  assign s_axi_arready = !rvalid_q;
  assign s_axi_rvalid = rvalid_q;
  assign s_axi_rdata = rdata_q;
  assign s_axi_rresp = 2'b00;

  assign s_axis_tready = state_q == LoadW || state_q == LoadA;
  wire in_fire = s_axis_tvalid && s_axis_tready;
  wire signed [7:0] in_elem = s_axis_tdata[7:0];
  wire signed [31:0] prod = 32'(in_elem) * 32'(w_q);

  logic [31:0] out_value;
  always_comb begin
    out_value = acc_q[i_q[1:0]];
`ifdef QSR_MUTANT
    if (m0_q + i_q == 32'd2 && n_q == 32'd1) out_value = out_value ^ 32'd1;
`endif
  end
  assign m_axis_tvalid = state_q == Drain;
  assign m_axis_tdata = {64'd0, out_value};
  assign m_axis_tlast = state_q == Drain && i_q + 1 == m_len && m0_q + m_len >= dim_m_q &&
                        n_q + 1 == dim_n_q;
  wire out_fire = m_axis_tvalid && m_axis_tready;

  function automatic logic [31:0] csr_read(input logic [11:0] addr);
    case (addr)
      12'h004: csr_read = {29'd0, error_q, done_q, busy_q};
      12'h008: csr_read = error_code_q;
      12'h00c: csr_read = dim_m_q;
      12'h010: csr_read = dim_n_q;
      12'h014: csr_read = dim_k_q;
      12'h018: csr_read = cycles_busy_q;
      12'h01c: csr_read = stall_in_q;
      12'h020: csr_read = stall_out_q;
      12'h024: csr_read = macs_q[31:0];
      12'h028: csr_read = macs_q[63:32];
      12'h02c: csr_read = ConfigHash;
      12'h030: csr_read = {16'd1, 16'd1};
      default: csr_read = 32'd0;
    endcase
  endfunction

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
      dim_m_q <= 0; dim_n_q <= 0; dim_k_q <= 0;
      busy_q <= 0; done_q <= 0; error_q <= 0; error_code_q <= 0;
      cycles_busy_q <= 0; stall_in_q <= 0; stall_out_q <= 0; macs_q <= 0;
      n_q <= 0; m0_q <= 0; k_q <= 0; i_q <= 0;
      bvalid_q <= 0; rvalid_q <= 0; rdata_q <= 0;
    end else begin
      if (wr_fire) begin
        bvalid_q <= 1;
        case (s_axi_awaddr)
          12'h00c: dim_m_q <= s_axi_wdata;
          12'h010: dim_n_q <= s_axi_wdata;
          12'h014: dim_k_q <= s_axi_wdata;
          default: ;
        endcase
      end else if (bvalid_q && s_axi_bready) begin
        bvalid_q <= 0;
      end
      if (s_axi_arvalid && !rvalid_q) begin
        rvalid_q <= 1;
        rdata_q <= csr_read(s_axi_araddr);
      end else if (rvalid_q && s_axi_rready) begin
        rvalid_q <= 0;
      end
      if (busy_q) begin
        cycles_busy_q <= cycles_busy_q + 1;
        if (s_axis_tready && !s_axis_tvalid) stall_in_q <= stall_in_q + 1;
        if (m_axis_tvalid && !m_axis_tready) stall_out_q <= stall_out_q + 1;
      end
      case (state_q)
        LoadW: if (in_fire) begin
          w_q <= in_elem;
          i_q <= 0;
          state_q <= LoadA;
        end
        LoadA: if (in_fire) begin
          acc_q[i_q[1:0]] <= (k_q == 0 ? 32'sd0 : acc_q[i_q[1:0]]) + prod;
          macs_q <= macs_q + 1;
          if (i_q + 1 == m_len) begin
            i_q <= 0;
            if (k_q + 1 == dim_k_q) state_q <= Drain;
            else begin
              k_q <= k_q + 1;
              state_q <= LoadW;
            end
          end else i_q <= i_q + 1;
        end
        Drain: if (out_fire) begin
          if (i_q + 1 == m_len) begin
            i_q <= 0;
            k_q <= 0;
            if (m0_q + m_len >= dim_m_q) begin
              m0_q <= 0;
              if (n_q + 1 == dim_n_q) begin
                state_q <= Idle;
                busy_q <= 0;
                done_q <= 1;
              end else begin
                n_q <= n_q + 1;
                state_q <= LoadW;
              end
            end else begin
              m0_q <= m0_q + Tile;
              state_q <= LoadW;
            end
          end else i_q <= i_q + 1;
        end
        default: ;
      endcase
      if (start) begin
        if (busy_q) begin
          error_q <= 1;
          error_code_q <= 2;
        end else if (dims_bad) begin
          error_q <= 1;
          done_q <= 1;
          error_code_q <= 1;
        end else begin
          busy_q <= 1;
          done_q <= 0;
          error_q <= 0;
          error_code_q <= 0;
          cycles_busy_q <= 0;
          stall_in_q <= 0;
          stall_out_q <= 0;
          macs_q <= 0;
          n_q <= 0; m0_q <= 0; k_q <= 0; i_q <= 0;
          state_q <= LoadW;
        end
      end
    end
  end

  wire unused = s_axis_tlast ^ (|s_axi_wstrb) ^ (|s_axis_tdata[39:8]);
endmodule
