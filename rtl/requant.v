// requant: the NPU's requantization unit. LANES accumulators per cycle in, LANES quantized
// results per cycle out, four cycles later. Implements the binding contract of
// ARCHITECTURE.md / quant/requant/requant.h for every exact rounding mode:
//
//   y = R(acc * M / 2^s) exactly;  w = clamp(y + zp, lower, qmax);  hi = w >>> b, lo = w & (2^b - 1)
//   lower = qmin, or max(qmin, zp) with fused ReLU; LeakyReLU uses (M_neg, s_neg) for acc < 0.
//
// Every lane has its own parameters (a per-channel multiplier, shift, zero point, bounds,
// rounding rule, activation and split), so one beat may carry channels of different layers.
//
// Handshake: a beat is accepted on a rising edge where i_valid && o_ready. Its results are on
// o_q/o_hi/o_lo with o_valid high after the LATENCY-th rising edge that advances the pipeline
// (LATENCY = 4: with no stalls, presented in cycle t, visible in cycle t + 4). The pipeline
// moves only when the consumer is ready (i_ready): a low i_ready freezes every stage, output
// included, and o_ready = i_ready. i_reset (synchronous) empties the pipeline.
//
// Lane k occupies bits [k*F +: F] of each bus, F being the field width. Encodings:
//   i_mode        0 half_up, 1 half_away, 2 half_even, 3 floor, 4 truncate, 5 tflite_double
//                 (6, 7 reserved: floor)
//   i_activation  0 none, 1 ReLU, 2 LeakyReLU (3 reserved: none)
//   i_lo_bits     0 single output (o_hi = w, o_lo = 0), 1..OUT_W dual output
// Zero point, bounds and results are OUT_W + 1 bits two's complement, so both int and uint
// ranges of OUT_W bits fit. tflite_double requires acc and acc << (31 - s) to fit int32 and
// s <= 62 (gemmlowp's preconditions): the driver checks them (see docs/rtl.md).
`default_nettype none

module requant #(
    parameter integer ACC_W = 32,  // accumulator width, 32..48 (signed)
    parameter integer OUT_W = 8,   // stored output element width, 8..16
    parameter integer LANES = 4    // lanes per cycle
) (
    input wire i_clk,
    input wire i_reset,

    input  wire i_valid,
    output wire o_ready,

    input wire [LANES*ACC_W-1:0] i_acc,
    input wire [     LANES*31-1:0] i_multiplier,
    input wire [      LANES*6-1:0] i_shift,
    input wire [LANES*(OUT_W+1)-1:0] i_zero_point,
    input wire [LANES*(OUT_W+1)-1:0] i_qmin,
    input wire [LANES*(OUT_W+1)-1:0] i_qmax,
    input wire [      LANES*3-1:0] i_mode,
    input wire [      LANES*2-1:0] i_activation,
    input wire [     LANES*31-1:0] i_neg_multiplier,
    input wire [      LANES*6-1:0] i_neg_shift,
    input wire [      LANES*5-1:0] i_lo_bits,

    output wire o_valid,
    input  wire i_ready,

    output wire [LANES*(OUT_W+1)-1:0] o_q,
    output wire [LANES*(OUT_W+1)-1:0] o_hi,
    output wire [LANES*(OUT_W+1)-1:0] o_lo
);
  localparam integer LATENCY = 4;

  // The widths the datapath is designed and verified for (docs/rtl.md).
  generate
    if (ACC_W < 32 || ACC_W > 48 || OUT_W < 8 || OUT_W > 16 || LANES < 1) begin : g_parameter_check
      initial $fatal(1, "requant: parameters outside ACC_W 32..48, OUT_W 8..16, LANES >= 1");
    end
  endgenerate
  localparam integer Q_W = OUT_W + 1;

  wire advance = i_ready;
  assign o_ready = i_ready;

  // One valid bit per stage; the data registers live in the lanes.
  reg [LATENCY-1:0] stage_valid;
  always @(posedge i_clk) begin
    if (i_reset) stage_valid <= {LATENCY{1'b0}};
    else if (advance) stage_valid <= {stage_valid[LATENCY-2:0], i_valid};
  end
  assign o_valid = stage_valid[LATENCY-1];

  genvar lane;
  generate
    for (lane = 0; lane < LANES; lane = lane + 1) begin : g_lane
      requant_lane #(
          .ACC_W(ACC_W),
          .OUT_W(OUT_W)
      ) unit (
          .i_clk(i_clk),
          .i_advance(advance),
          .i_acc(i_acc[lane*ACC_W+:ACC_W]),
          .i_multiplier(i_multiplier[lane*31+:31]),
          .i_shift(i_shift[lane*6+:6]),
          .i_zero_point(i_zero_point[lane*Q_W+:Q_W]),
          .i_qmin(i_qmin[lane*Q_W+:Q_W]),
          .i_qmax(i_qmax[lane*Q_W+:Q_W]),
          .i_mode(i_mode[lane*3+:3]),
          .i_activation(i_activation[lane*2+:2]),
          .i_neg_multiplier(i_neg_multiplier[lane*31+:31]),
          .i_neg_shift(i_neg_shift[lane*6+:6]),
          .i_lo_bits(i_lo_bits[lane*5+:5]),
          .o_q(o_q[lane*Q_W+:Q_W]),
          .o_hi(o_hi[lane*Q_W+:Q_W]),
          .o_lo(o_lo[lane*Q_W+:Q_W])
      );
    end
  endgenerate
endmodule

`default_nettype wire
