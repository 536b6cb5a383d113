// requant_round: divides a signed W-bit value by 2^shift with a selectable rounding rule.
//
// Purely combinational. o_value = R(i_value / 2^i_shift), exact for every shift 0..63 (shifts
// at or beyond W see the sign-extended value, as an arithmetic shift does). The increment
// never overflows: for shift >= 1 the floored quotient is at most 2^(W-2) in magnitude.
//
//   rule (i_mode)   increment added to floor(i_value / 2^shift), with g = the bit just below
//                   the binary point (the half), t = any bit below g (sticky), n = sign
//   0 half_up       g                    ties toward +inf, floor(x + 1/2)
//   1 half_away     g & (t | ~n)         ties away from zero
//   2 half_even     g & (t | q[0])       ties to the even quotient
//   3 floor         0                    arithmetic shift right
//   4 truncate      n & (g | t)          toward zero
//   5..7            0 (reserved; tflite_double is composed by requant_lane from 0 and 1)
`default_nettype none

module requant_round #(
    parameter integer W = 64  // value width (signed)
) (
    input  wire signed [W-1:0] i_value,
    input  wire        [  5:0] i_shift,  // 0..63
    input  wire        [  2:0] i_mode,   // rounding rule, table above
    output wire signed [W-1:0] o_value
);
  localparam [2:0] ROUND_HALF_UP = 3'd0;
  localparam [2:0] ROUND_HALF_AWAY = 3'd1;
  localparam [2:0] ROUND_HALF_EVEN = 3'd2;
  localparam [2:0] ROUND_TRUNCATE = 3'd4;

  wire signed [W-1:0] floored = i_value >>> i_shift;
  wire        [  5:0] half_position = i_shift - 6'd1;  // only meaningful when i_shift >= 1
  /* verilator lint_off UNUSEDSIGNAL */  // only bit 0 (the half) is used
  wire signed [W-1:0] half_aligned = i_value >>> half_position;
  /* verilator lint_on UNUSEDSIGNAL */
  // Bits strictly below the half bit; a shift past W leaves the mask all ones.
  wire        [W-1:0] below_half_mask = ~({W{1'b1}} << half_position);

  wire half_bit = (i_shift != 6'd0) && half_aligned[0];
  wire sticky = (i_shift > 6'd1) && (|(i_value & below_half_mask));
  wire negative = i_value[W-1];

  reg increment;
  always @(*) begin
    case (i_mode)
      ROUND_HALF_UP:   increment = half_bit;
      ROUND_HALF_AWAY: increment = half_bit && (sticky || !negative);
      ROUND_HALF_EVEN: increment = half_bit && (sticky || floored[0]);
      ROUND_TRUNCATE:  increment = negative && (half_bit || sticky);
      default:         increment = 1'b0;  // floor and the reserved codes
    endcase
  end

  assign o_value = floored + {{(W - 1) {1'b0}}, increment};
endmodule

`default_nettype wire
