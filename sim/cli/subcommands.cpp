#include "sim/cli/subcommands.h"

namespace npusim::cli {

const std::vector<Subcommand>& all_subcommands() {
  static const std::vector<Subcommand> kSubcommands = {
      // {"name", "one-line summary", run_name}, grouped by the question they answer
      {"requant", "requantize a vector CSV (acc,multiplier,shift,...) with the golden C++ or --rtl", run_requant},
      {"vectors", "write conformance vector CSVs with expected results for every rounding mode", run_vectors},
      {"rtl-check", "Verilated requant RTL vs golden: ties, saturation, exhaustive, N random vectors per mode", run_rtl_check},
      {"rounding-study", "how often tflite_double differs from half_up and fp32 from half_even (int8 convs)", run_rounding_study},
      {"qparams", "calibrate: run an observer over .npy batches, print range, scale, zero point (JSON)", run_qparams},
      {"metrics", "compare a reference and a test tensor: SQNR, cosine, KL, saturation, code use, top-k (JSON)", run_metrics},
      {"scenes", "generate a synthetic depth dataset (RGB + 16-bit depth PNGs, manifest)", run_scenes},
      {"range-study", "coverage, clipping and quantisation step of output depth ranges (8/16-bit, log) on a depth set", run_range_study},
      {"run", "FP32 inference of an ONNX model on .npy/PNG inputs; optional dump of every tensor", run_run},
      {"info", "model facts: parameters, MACs per layer, activation memory, size per format, anomalies", run_info},
      {"calibrate", "post-training quantization: observers over a data set -> QuantPlan (int8, int16, fp16, mixed, dual output)", run_calibrate},
      {"profile", "per-layer SQNR, cosine, saturation, code use, effective bits of a plan vs FP32 and vs fake-quant", run_profile},
      {"compare", "fp32, int8 (min/max, best), 16-bit output, dual output, dual head, int16, fp16, mixed: accuracy and size", run_compare},
      {"sensitivity", "per-operation sensitivity (one quantized, all but one, noise) with the depth metric; --assign a mixed plan", run_sensitivity},
      {"export-qdq", "write a QuantPlan as a QDQ ONNX model (QuantizeLinear/DequantizeLinear) for ONNX Runtime", run_export_qdq},
      {"sweep", "batch x array x DRAM bandwidth x precision sweep: threads, resume, shards, Slurm, --merge (JSON, CSV)", run_sweep},
      {"report", "render report data (JSON) into one self-contained HTML page with SVG plots and inline images", run_report},
      {"eval", "depth metrics (abs_rel, rmse, delta<1.25 ...) of a model or .npy predictions on a depth dataset", run_eval},
      {"compile", "layers + NPU configuration -> the NPU program (tiling, SRAM, DMA) as readable JSON", run_compile},
      {"simulate", "time a network on the SystemC NPU model (cycles, DRAM bytes, energy); SCALE-Sim interop", run_simulate},
  };
  return kSubcommands;
}

}  // namespace npusim::cli
