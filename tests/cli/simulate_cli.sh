#!/usr/bin/env bash
# npusim simulate and compile on the command line: the SCALE-Sim compatible mode writes a
# COMPUTE_REPORT.csv byte-identical to SCALE-Sim v2's own (tests/sim/data/scalesim/reference),
# our model's report has the binding fields, traces and program files appear, and bad inputs
# fail with the file and field named, exit 1 (2 for usage), and no output file left behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
DATA="$SOURCE_DIR/tests/sim/data/scalesim"

for df in os ws is; do
  check "scalesim $df" 0 "$NPUSIM" simulate --topology "$DATA/mixed_layers.csv" --scalesim-config "$DATA/mixed_8x12_$df.cfg" --out-dir "$work/$df"
  cmp -s "$work/$df/COMPUTE_REPORT.csv" "$DATA/reference/mixed_layers_8x12_$df.csv" \
    || { fail "COMPUTE_REPORT.csv ($df) differs from SCALE-Sim's"; diff "$work/$df/COMPUTE_REPORT.csv" "$DATA/reference/mixed_layers_8x12_$df.csv"; }
done
check "scalesim gemm" 0 "$NPUSIM" simulate --topology "$DATA/gemm_layers.csv" --topology-format gemm \
  --scalesim-config "$DATA/mixed_8x12_ws.cfg" --out-dir "$work/gemm"
cmp -s "$work/gemm/COMPUTE_REPORT.csv" "$DATA/reference/gemm_layers_8x12_ws.csv" || fail "gemm COMPUTE_REPORT.csv differs"

# Our model on a preset, with a report file and a trace.
check "simulate --npu" 0 "$NPUSIM" simulate --topology "$DATA/resnet18.csv" --npu nvdla_full_like --batch 2 \
  --json --out "$work/report.json" --trace "$work/trace.json"
"$PY" - "$work/report.json" "$work/trace.json" "$work/out.txt" <<'PY' || fail "report/trace content"
import json, sys
report = json.load(open(sys.argv[1]))
assert json.load(open(sys.argv[3])) == report, "--json output and --out file differ"
for key in ["total_cycles", "latency_ms", "throughput_ips", "dram_read_bytes", "dram_write_bytes", "energy_uj", "matches_golden"]:
    assert key in report, key
assert report["matches_golden"] is None and report["batch"] == 2
assert len(report["layers"]) == 21
for layer in report["layers"]:
    for key in ["name", "unit", "cycles", "compute_cycles", "stall_cycles", "macs", "utilization", "dram_read_bytes",
                "dram_write_bytes", "sram_bytes", "energy_uj", "bound"]:
        assert key in layer, key
    assert layer["bound"] in ("compute", "memory")
    assert layer["cycles"] == layer["compute_cycles"] + layer["stall_cycles"]
assert report["total_cycles"] == sum(l["cycles"] for l in report["layers"])
trace = json.load(open(sys.argv[2]))
names = {e["args"]["name"] for e in trace["traceEvents"] if e.get("name") == "thread_name"}
assert {"layers", "mac_array cmac", "requant (model)", "output_writer", "dma0"} <= names, names
assert any(e["ph"] == "C" and e["name"] == "DRAM bandwidth" for e in trace["traceEvents"])
PY

# The Verilated requantization unit in the loop, with its waveform.
check "--requant rtl" 0 "$NPUSIM" simulate --layers "$SOURCE_DIR/tests/sim/data/int16_layer.json" --npu nvdla_full_like \
  --requant rtl --requant-vcd "$work/requant.vcd" --json
grep -q '"requant_unit": "rtl"' "$work/out.txt" || fail "--requant rtl not reported"
[[ -s "$work/requant.int16.vcd" ]] || fail "no INT16 VCD from the RTL unit"
grep -q "o_valid" "$work/requant.int16.vcd" || fail "the VCD has no o_valid signal"
check "--requant-vcd without rtl" 2 "$NPUSIM" simulate --layers "$SOURCE_DIR/tests/sim/data/int16_layer.json" \
  --npu nvdla_full_like --requant-vcd "$work/x.vcd"

check "compile" 0 "$NPUSIM" compile --topology "$DATA/mixed_layers.csv" --npu edge_tpu_like --out "$work/program.json"
"$PY" -c "import json,sys; p=json.load(open(sys.argv[1])); assert p['schema']=='npusim.program/1' and len(p['layers'])==5" \
  "$work/program.json" || fail "program.json"

# Errors: a config missing a field names the file and the field; nothing is written.
"$PY" - "$SOURCE_DIR/sim/configs/edge_tpu_like.json" "$work/bad.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
del config["dram"]["bandwidth_gbps"]
json.dump(config, open(sys.argv[2], "w"))
PY
check "bad config" 1 "$NPUSIM" simulate --topology "$DATA/resnet18.csv" --npu "$work/bad.json" --out "$work/bad_report.json"
grep -q "bad.json: dram.bandwidth_gbps: missing" "$work/out.txt" || { fail "error does not name the field"; cat "$work/out.txt"; }
[[ -e "$work/bad_report.json" ]] && fail "a report was left behind after an error"
check "bad topology" 1 "$NPUSIM" simulate --topology "$DATA/mixed_8x12_os.cfg" --npu edge_tpu_like
grep -q "mixed_8x12_os.cfg:" "$work/out.txt" || fail "topology error does not name the file"
check "int16 on an int8-only NPU" 1 "$NPUSIM" simulate --layers "$SOURCE_DIR/tests/sim/data/int16_layer.json" --npu edge_tpu_like
grep -q "layer 'wide16'" "$work/out.txt" || { fail "compile error does not name the layer"; cat "$work/out.txt"; }
check "both NPUs" 2 "$NPUSIM" simulate --topology "$DATA/resnet18.csv" --npu edge_tpu_like --scalesim-config "$DATA/mixed_8x12_os.cfg"
check "no layers" 2 "$NPUSIM" simulate --npu edge_tpu_like
check "unknown preset" 2 "$NPUSIM" simulate --topology "$DATA/resnet18.csv" --npu no_such_npu
check "help lists options" 0 "$NPUSIM" simulate --help
grep -q -- "--requant" "$work/out.txt" || fail "--help does not list --requant"
exit $((failures > 0))
