// Folds inference BatchNormalization into the convolution before it, the way exporters and
// the training code's fuse_batchnorm() do:
//   s = scale / sqrt(var + epsilon);  W'[m] = W[m] * s[m];  b'[m] = (b[m] - mean[m]) * s[m] + B[m]
// (per output channel m, in float32). Calibration and the golden executor both run on the
// folded graph, so a plan never meets a BatchNormalization; the folded Conv takes over the
// BatchNormalization's output name, so every later value keeps its name.
#pragma once

#include "models/graph/graph.h"

namespace npusim::models {

// Returns the number of BatchNormalization nodes folded. Folds only a BatchNormalization
// (inference mode, constant parameters) that is the sole reader of a Conv's output (not a
// graph output) whose weights and bias are constants; others stay in the graph.
int fold_batch_normalization(Graph& graph);

}  // namespace npusim::models
