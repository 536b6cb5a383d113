# A model to sweep, and results folders that --merge must refuse.
set -e
cp "$SOURCE_DIR/models/depth_tiny.onnx" tiny.onnx
mkdir -p empty_results not_a_sweep/results truncated_manifest/results
echo '{"schema": "something/else"}' > not_a_sweep/sweep.json
echo '{"schema": "npusim.sweep/1", "model": ' > truncated_manifest/sweep.json
