// requant_lane: one lane of the requantization unit, four register stages, no handshake of
// its own (requant.v owns valid/ready and drives i_advance for every lane at once).
//
//   stage 1  multiply   p = acc * M (exact, ACC_W + 31 bits); LeakyReLU picks (M_neg, s_neg)
//                       for acc < 0; tflite_double is mapped to half_up over min(s, 31) bits
//                       followed by half_away over s - 31 bits (the gemmlowp double rounding)
//   stage 2  round      y = R(p / 2^s), saturated to 33 bits (beyond any clamp range)
//   stage 3  offset     tflite_double's second rounding, saturation to OUT_W + 2 bits, y + zp
//   stage 4  clamp      w = clamp(y + zp, lower, qmax), hi = w >>> lo_bits, lo = w & (2^lo_bits - 1)
//
// Numbers are OUT_W + 1 bits wide at the edges (zero point, bounds, results) so that both the
// signed and the unsigned OUT_W-bit ranges are expressible (int8 -128..127, uint8 0..255).
//
// tflite_double's gemmlowp preconditions (acc and acc << (31 - s) fit int32, s <= 62) are the
// driver's responsibility: within them the result is bit-exact; outside them it is the
// infinitely precise double rounding, not gemmlowp's overflowed value.
`default_nettype none

module requant_lane #(
    parameter integer ACC_W = 32,  // accumulator width, 32..48 (signed)
    parameter integer OUT_W = 8    // stored output element width, 8..16
) (
    input wire i_clk,
    input wire i_advance,  // all stages load when high (the unit's clock enable)

    input wire        [     ACC_W-1:0] i_acc,
    input wire        [          30:0] i_multiplier,
    input wire        [           5:0] i_shift,
    input wire        [         OUT_W:0] i_zero_point,
    input wire        [         OUT_W:0] i_qmin,
    input wire        [         OUT_W:0] i_qmax,
    input wire        [           2:0] i_mode,        // 0 half_up .. 4 truncate, 5 tflite_double
    input wire        [           1:0] i_activation,  // 0 none, 1 ReLU, 2 LeakyReLU, 3 = none
    input wire        [          30:0] i_neg_multiplier,
    input wire        [           5:0] i_neg_shift,
    input wire        [           4:0] i_lo_bits,     // 0..OUT_W; 0 = single output (hi = w)

    output reg signed [OUT_W:0] o_q,   // w, the wide clamped result
    output reg signed [OUT_W:0] o_hi,  // w >>> lo_bits
    output reg        [OUT_W:0] o_lo   // w & (2^lo_bits - 1)
);
  localparam integer M_W = 31;
  localparam integer P_W = ACC_W + M_W;  // exact product width
  localparam integer Y_W = 33;  // rounded value after the first saturation
  localparam integer Q_W = OUT_W + 1;  // edge width (zero point, bounds, results)
  localparam integer Z_W = OUT_W + 2;  // saturated value that cannot cross a bound by accident
  localparam integer S_W = OUT_W + 3;  // z + zero point

  localparam [2:0] MODE_HALF_UP = 3'd0;
  localparam [2:0] MODE_HALF_AWAY = 3'd1;
  localparam [2:0] MODE_TFLITE_DOUBLE = 3'd5;
  localparam [1:0] ACT_RELU = 2'd1;
  localparam [1:0] ACT_LEAKY_RELU = 2'd2;

  // ---- stage 1: operand selection and exact multiply ----
  wire acc_negative = i_acc[ACC_W-1];
  wire use_negative_scale = (i_activation == ACT_LEAKY_RELU) && acc_negative;
  wire [M_W-1:0] multiplier = use_negative_scale ? i_neg_multiplier : i_multiplier;
  wire [5:0] shift = use_negative_scale ? i_neg_shift : i_shift;
  wire tflite = (i_mode == MODE_TFLITE_DOUBLE);
  wire shift_above_31 = shift > 6'd31;

  wire signed [P_W-1:0] acc_wide = {{M_W{acc_negative}}, i_acc};
  wire signed [P_W-1:0] multiplier_wide = {{ACC_W{1'b0}}, multiplier};
  // The product fits P_W bits signed, so the low P_W bits of the wrapped product are exact.
  wire signed [P_W-1:0] product = acc_wide * multiplier_wide;

  wire signed [Q_W-1:0] zero_point = i_zero_point;
  wire signed [Q_W-1:0] qmin = i_qmin;
  wire signed [Q_W-1:0] lower_bound =
      (i_activation == ACT_RELU && zero_point > qmin) ? zero_point : qmin;

  reg signed [P_W-1:0] s1_product;
  reg        [    5:0] s1_shift;  // first rounding's shift
  reg        [    2:0] s1_mode;  // first rounding's rule
  reg        [    5:0] s1_post_shift;  // tflite_double's RoundingDivideByPOT exponent, else 0
  reg        [Q_W-1:0] s1_zero_point, s1_lower, s1_upper;
  reg        [    4:0] s1_lo_bits;

  always @(posedge i_clk) begin
    if (i_advance) begin
      s1_product <= product;
      s1_shift <= (tflite && shift_above_31) ? 6'd31 : shift;
      s1_mode <= tflite ? MODE_HALF_UP : i_mode;
      s1_post_shift <= (tflite && shift_above_31) ? shift - 6'd31 : 6'd0;
      s1_zero_point <= i_zero_point;
      s1_lower <= lower_bound;
      s1_upper <= i_qmax;
      s1_lo_bits <= i_lo_bits;
    end
  end

  // ---- stage 2: first rounding, saturated to Y_W bits ----
  wire signed [P_W-1:0] rounded;
  requant_round #(
      .W(P_W)
  ) first_rounding (
      .i_value(s1_product),
      .i_shift(s1_shift),
      .i_mode (s1_mode),
      .o_value(rounded)
  );
  wire rounded_fits = (rounded[P_W-1:Y_W-1] == {(P_W - Y_W + 1) {1'b0}}) ||
                      (rounded[P_W-1:Y_W-1] == {(P_W - Y_W + 1) {1'b1}});
  wire [Y_W-1:0] rounded_saturated =
      rounded_fits ? rounded[Y_W-1:0]
                   : (rounded[P_W-1] ? {1'b1, {(Y_W - 1) {1'b0}}} : {1'b0, {(Y_W - 1) {1'b1}}});

  reg signed [Y_W-1:0] s2_value;
  reg        [    5:0] s2_post_shift;
  reg        [Q_W-1:0] s2_zero_point, s2_lower, s2_upper;
  reg        [    4:0] s2_lo_bits;

  always @(posedge i_clk) begin
    if (i_advance) begin
      s2_value <= rounded_saturated;
      s2_post_shift <= s1_post_shift;
      s2_zero_point <= s1_zero_point;
      s2_lower <= s1_lower;
      s2_upper <= s1_upper;
      s2_lo_bits <= s1_lo_bits;
    end
  end

  // ---- stage 3: tflite_double's second rounding (half away from zero), zero point ----
  wire signed [Y_W-1:0] post_rounded;
  requant_round #(
      .W(Y_W)
  ) second_rounding (
      .i_value(s2_value),
      .i_shift(s2_post_shift),
      .i_mode (MODE_HALF_AWAY),
      .o_value(post_rounded)
  );
  wire post_fits = (post_rounded[Y_W-1:Z_W-1] == {(Y_W - Z_W + 1) {1'b0}}) ||
                   (post_rounded[Y_W-1:Z_W-1] == {(Y_W - Z_W + 1) {1'b1}});
  wire signed [Z_W-1:0] post_saturated =
      post_fits ? post_rounded[Z_W-1:0]
                : (post_rounded[Y_W-1] ? {1'b1, {(Z_W - 1) {1'b0}}} : {1'b0, {(Z_W - 1) {1'b1}}});
  wire signed [S_W-1:0] offset_sum =
      {post_saturated[Z_W-1], post_saturated} + {{2{s2_zero_point[Q_W-1]}}, s2_zero_point};

  reg signed [S_W-1:0] s3_sum;
  reg signed [Q_W-1:0] s3_lower, s3_upper;
  reg        [    4:0] s3_lo_bits;

  always @(posedge i_clk) begin
    if (i_advance) begin
      s3_sum <= offset_sum;
      s3_lower <= s2_lower;
      s3_upper <= s2_upper;
      s3_lo_bits <= s2_lo_bits;
    end
  end

  // ---- stage 4: clamp and dual-output split ----
  wire signed [S_W-1:0] lower_wide = {{2{s3_lower[Q_W-1]}}, s3_lower};
  wire signed [S_W-1:0] upper_wide = {{2{s3_upper[Q_W-1]}}, s3_upper};
  // min(max(sum, lower), upper): the upper bound wins when a ReLU zero point exceeds qmax.
  wire signed [S_W-1:0] above_lower = (s3_sum < lower_wide) ? lower_wide : s3_sum;
  /* verilator lint_off UNUSEDSIGNAL */  // within the bounds, so the top bits are sign copies
  wire signed [S_W-1:0] clamped_wide = (above_lower > upper_wide) ? upper_wide : above_lower;
  /* verilator lint_on UNUSEDSIGNAL */
  wire signed [Q_W-1:0] clamped = clamped_wide[Q_W-1:0];
  wire [Q_W-1:0] lo_mask = ~({Q_W{1'b1}} << s3_lo_bits);

  always @(posedge i_clk) begin
    if (i_advance) begin
      o_q <= clamped;
      o_hi <= clamped >>> s3_lo_bits;
      o_lo <= clamped & lo_mask;
    end
  end
endmodule

`default_nettype wire
