# A valid QuantPlan of the tiny model (calibrated here on two scenes), then copies of it each
# broken in one place.
set -e
cp "$SOURCE_DIR/models/depth_tiny.onnx" tiny.onnx
"$NPUSIM" scenes --count 2 --out data >/dev/null 2>&1
"$NPUSIM" calibrate --model tiny.onnx --data data --out plan.json --calib-count 2 >/dev/null 2>&1
/usr/bin/python3 - <<'PY'
import copy, json
base = json.load(open("plan.json"))
def variant(name, edit):
    doc = copy.deepcopy(base)
    edit(doc)
    with open(name + ".json", "w") as f: json.dump(doc, f)
def set_path(value, *path):
    def edit(doc):
        for key in path[:-1]: doc = doc[key]
        doc[path[-1]] = value
    return edit
def drop(*path):
    def edit(doc):
        for key in path[:-1]: doc = doc[key]
        del doc[path[-1]]
    return edit
variant("wrong_schema", set_path("npusim.quantplan/9", "schema"))
variant("no_schema", drop("schema"))
variant("schema_number", set_path(1, "schema"))
variant("wrong_fingerprint", set_path("fnv1a64:0000000000000000", "model", "fingerprint"))
variant("no_model", drop("model"))
variant("no_tensors", set_path([], "tensors"))
variant("tensors_object", set_path({}, "tensors"))
variant("no_operations", drop("operations"))
variant("missing_image_tensor", lambda d: d.__setitem__("tensors", d["tensors"][1:]))
variant("unknown_tensor", lambda d: d["operations"][0]["inputs"].__setitem__(0, "no_such_tensor"))
variant("negative_scale", lambda d: d["tensors"][0].__setitem__("scale", -0.5))
variant("zero_scale", lambda d: d["tensors"][0].__setitem__("scale", 0))
variant("huge_scale", lambda d: d["tensors"][0].__setitem__("scale", 1e300))
variant("string_scale", lambda d: d["tensors"][0].__setitem__("scale", "0.1"))
variant("zero_point_out_of_range", lambda d: d["tensors"][0].__setitem__("zero_point", 4096))
variant("unknown_format", lambda d: d["tensors"][0].__setitem__("format", "int17"))
variant("unknown_scheme", lambda d: d["tensors"][0].__setitem__("scheme", "diagonal"))
variant("unknown_rounding", lambda d: d["tensors"][0].__setitem__("rounding", "sideways"))
variant("scale_count_mismatch", lambda d: d["tensors"][1].__setitem__("scale", d["tensors"][1]["scale"][:3]))
variant("axis_out_of_range", lambda d: d["tensors"][1].__setitem__("axis", 9))
variant("shift_out_of_range", lambda d: d["operations"][0]["requant"].__setitem__("shift", [99] * len(d["operations"][0]["requant"]["shift"])))
variant("negative_multiplier", lambda d: d["operations"][0]["requant"].__setitem__("multiplier", [-5] * len(d["operations"][0]["requant"]["multiplier"])))
variant("qmin_above_qmax", lambda d: d["operations"][0]["requant"].update({"qmin": 100, "qmax": -100}))
variant("unknown_kind", lambda d: d["operations"][0].__setitem__("kind", "teleport"))
variant("duplicate_tensor", lambda d: d["tensors"].append(copy.deepcopy(d["tensors"][0])))
text = json.dumps(base)
open("truncated.json", "w").write(text[: len(text) // 2])
open("empty.json", "w").write("")
open("array.json", "w").write("[]")
open("nan_scale.json", "w").write(text.replace('"scale": %s' % json.dumps(base["tensors"][0]["scale"]), '"scale": NaN', 1))
with open("latin1_tensor.json", "wb") as f:
    f.write(text.replace('"image"', '"PLACEHOLDER"').encode().replace(b"PLACEHOLDER", b"im\xe4ge\xff"))
PY
mkdir -p folder.json
