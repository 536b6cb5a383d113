# NPU configurations derived from a valid preset, each broken in one place.
set -e
cp "$SOURCE_DIR/tests/sim/data/scalesim/mixed_layers.csv" topo.csv
/usr/bin/python3 - "$SOURCE_DIR/sim/configs/hailo8_like.json" <<'PY'
import json, sys, copy
base = json.load(open(sys.argv[1]))
def variant(name, edit):
    doc = copy.deepcopy(base)
    edit(doc)
    with open(name + ".json", "w") as f: json.dump(doc, f)
def delete(*path):
    def edit(doc):
        for key in path[:-1]: doc = doc[key]
        del doc[path[-1]]
    return edit
def put(value, *path):
    def edit(doc):
        for key in path[:-1]: doc = doc[key]
        doc[path[-1]] = value
    return edit
variant("no_clock", delete("clock_mhz"))
variant("negative_clock", put(-400, "clock_mhz"))
variant("zero_clock", put(0, "clock_mhz"))
variant("huge_clock", put(1e300, "clock_mhz"))
variant("string_clock", put("fast", "clock_mhz"))
variant("null_clock", put(None, "clock_mhz"))
variant("no_schema", delete("schema"))
variant("wrong_schema", put("npusim.npu/99", "schema"))
variant("no_arrays", put([], "mac_arrays"))
variant("arrays_object", put({}, "mac_arrays"))
variant("zero_rows", lambda d: d["mac_arrays"][0].__setitem__("pe_rows", 0))
variant("negative_cols", lambda d: d["mac_arrays"][0].__setitem__("pe_cols", -8))
variant("huge_rows", lambda d: d["mac_arrays"][0].__setitem__("pe_rows", 4294967297))
variant("fraction_rows", lambda d: d["mac_arrays"][0].__setitem__("pe_rows", 2.5))
variant("bad_dataflow", lambda d: d["mac_arrays"][0].__setitem__("dataflow", "sideways"))
variant("no_sram", delete("sram"))
variant("negative_sram", put(-1, "sram", "weights", "size_kib"))
variant("zero_banks", put(0, "sram", "activations", "banks"))
variant("absurd_sram", put(1e18, "sram", "weights", "size_kib"))
variant("no_dram", delete("dram"))
variant("negative_bandwidth", put(-12.8, "dram", "bandwidth_gbps"))
variant("zero_bandwidth", put(0, "dram", "bandwidth_gbps"))
variant("string_bandwidth", put("12.8", "dram", "bandwidth_gbps"))
variant("negative_latency", put(-5, "dram", "latency_ns"))
variant("zero_dma_engines", put(0, "dma", "engines"))
variant("negative_dma_bytes", put(-16, "dma", "bytes_per_cycle"))
variant("zero_requant_lanes", put(0, "requant", "lanes"))
variant("requant_array", put([1, 2], "requant"))
variant("negative_macs", lambda d: d["mac_arrays"][0]["macs_per_pe_per_cycle"].__setitem__("int8", -1))
variant("unknown_key", put(1, "turbo_mode"))
open("top_array.json", "w").write("[1, 2, 3]")
open("truncated.json", "w").write(json.dumps(base)[:200])
open("empty.json", "w").write("")
open("not_json.json", "w").write("clock_mhz = 400\n")
with open("latin1_name.json", "wb") as f:
    doc = copy.deepcopy(base); doc["name"] = "PLACEHOLDER"
    f.write(json.dumps(doc).encode().replace(b"PLACEHOLDER", b"npu\xe9\xff"))
open("nan_clock.json", "w").write(json.dumps(base).replace('"clock_mhz": ' + json.dumps(base["clock_mhz"]), '"clock_mhz": NaN'))
PY
mkdir -p folder.json
