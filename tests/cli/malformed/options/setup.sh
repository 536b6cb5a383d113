# Valid inputs, so that each case fails on the one option value it is about.
set -e
cp "$SOURCE_DIR/models/depth_tiny.onnx" tiny.onnx
cp "$SOURCE_DIR/tests/sim/data/scalesim/mixed_layers.csv" topo.csv
cp "$SOURCE_DIR/tests/sim/data/scalesim/mixed_8x12_ws.cfg" ws.cfg
/usr/bin/python3 -c "
import numpy as np
np.save('x.npy', np.linspace(-1, 1, 96, dtype=np.float32).reshape(2, 3, 4, 4))
np.save('y.npy', np.linspace(-1, 1, 96, dtype=np.float32).reshape(2, 3, 4, 4) * 0.9)
"
printf 'acc,multiplier,shift,zero_point,qmin,qmax\n100,1073741824,31,0,-128,127\n' > vectors.csv
"$NPUSIM" scenes --count 2 --out data >/dev/null 2>&1
mkdir -p folder
