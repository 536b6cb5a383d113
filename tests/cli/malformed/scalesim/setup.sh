# SCALE-Sim topology CSVs and .cfg files (sim/compiler), each broken in one place.
set -e
cp "$SOURCE_DIR/tests/sim/data/scalesim/mixed_layers.csv" topo.csv
cp "$SOURCE_DIR/tests/sim/data/scalesim/mixed_8x12_ws.cfg" ws.cfg
cp "$SOURCE_DIR/tests/sim/data/scalesim/gemm_layers.csv" gemm.csv
H='Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,'
topo() { printf '%s\nc1, 17, 19, 3, 3, 3, 10, 2,\n%s\n' "$H" "$1" > "$2.csv"; }
topo 'c2, 9, 10, 1, 1, 10' topo_too_few_columns
topo 'c2, nine, 10, 1, 1, 10, 37, 1,' topo_not_a_number
topo 'c2, -9, 10, 1, 1, 10, 37, 1,' topo_negative_height
topo 'c2, 9, 10, 1, 1, 10, 0, 1,' topo_zero_filters
topo 'c2, 9, 10, 1, 1, 10, 37, 0,' topo_zero_stride
topo 'c2, 9, 10, 30, 1, 10, 37, 1,' topo_filter_larger_than_input
topo 'c2, 99999999999, 10, 1, 1, 10, 37, 1,' topo_huge_height
topo 'c2, 2147483647, 2147483647, 1, 1, 2147483647, 2147483647, 1,' topo_absurd_layer
topo 'c2, 9.5, 10, 1, 1, 10, 37, 1,' topo_fraction
printf '%s\n' "$H" > topo_header_only.csv
: > topo_empty.csv
head -c 2000 /dev/urandom > topo_binary.csv
printf 'Layer, M, N, K,\ng1, 37, 19\n' > gemm_too_few.csv
printf 'Layer, M, N, K,\ng1, 0, 19, 53,\n' > gemm_zero_m.csv
cfg() { sed "$1" ws.cfg > "$2.cfg"; }
cfg 's/^ArrayHeight:.*/ArrayHeight: 0/' cfg_zero_height
cfg 's/^ArrayWidth:.*/ArrayWidth: -12/' cfg_negative_width
cfg 's/^ArrayHeight:.*/ArrayHeight: 99999999999/' cfg_huge_height
cfg 's/^ArrayHeight:.*/ArrayHeight: tall/' cfg_height_not_a_number
cfg 's/^Dataflow.*/Dataflow : sideways/' cfg_unknown_dataflow
cfg '/^Dataflow/d' cfg_no_dataflow
cfg 's/^IfmapSramSzkB:.*/IfmapSramSzkB: -16/' cfg_negative_sram
cfg 's/^\[architecture_presets\]/[architecture_presets/' cfg_bad_section
cfg 's/^ArrayWidth:.*/ArrayWidth 12/' cfg_no_separator
: > cfg_empty.cfg
mkdir -p folder.csv folder.cfg
