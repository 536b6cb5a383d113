// Requantization backends for `npusim requant`: something that evaluates a batch of CSV rows
// (accumulator + per-row parameters) under one rounding mode. The golden C++ is one backend;
// the Verilated RTL unit (`--rtl`) is another. The command streams the CSV in batches, so a
// backend sees at most a few tens of thousands of rows at a time.
//
// Adding a backend: implement RequantBackend::process_batch and return it from a factory.
// The RTL factory make_rtl_requant_backend() is defined in sim/requant/rtl_requant_backend.cpp
// and runs each batch through the Verilated unit (rtl/, docs/rtl.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "quant/requant/requant.h"

namespace npusim::sim {

// One CSV row: acc,multiplier,shift,zero_point,qmin,qmax[,lo_bits]. The CSV has no activation
// column, so params.activation is always kNone here.
struct RequantRow {
  std::int64_t acc = 0;
  quant::RequantParams params;
};

// A row the backend cannot evaluate (e.g. wider than its datapath). row_index counts from 0
// within the batch; the command turns it into a file line number.
class RequantRowError : public std::runtime_error {
 public:
  RequantRowError(std::size_t row_index, const std::string& message)
      : std::runtime_error(message), row_index_(row_index) {}
  std::size_t row_index() const { return row_index_; }

 private:
  std::size_t row_index_;
};

class RequantBackend {
 public:
  virtual ~RequantBackend() = default;
  // Short name for messages: "golden", "rtl".
  virtual std::string name() const = 0;
  // Writes wide[i] = clamp(R(acc * M / 2^s) + zero_point, qmin, qmax) for rows[i], i < count:
  // the result BEFORE the dual-output split (the command splits with quant::split_dual_output).
  // Every row has already passed quant::validate_requant_params(params, mode) and
  // quant::check_requant_accumulator(acc, params, mode). Throws RequantRowError for a row it
  // cannot evaluate, std::runtime_error for anything else.
  virtual void process_batch(quant::RoundingMode mode, const RequantRow* rows, std::size_t count,
                             std::int32_t* wide) = 0;
};

// The scalar golden (quant::requantize), the oracle every other backend must equal.
std::unique_ptr<RequantBackend> make_golden_requant_backend();

// The Verilated requantization unit (INT8 configuration when a batch fits it, else INT16).
// A row that fits neither configuration is a RequantRowError naming the row.
std::unique_ptr<RequantBackend> make_rtl_requant_backend();

}  // namespace npusim::sim
