// Tensors to and from files for `npusim run` and friends.
//
// Inputs: `.npy` (any dtype quant/io/npy.h reads; float types become float32, integer
// types int64) or an 8-bit PNG image, which becomes float32 NCHW [1, 3, H, W] with values
// in [0, 1] (sample / 255; gray and palette images are expanded to RGB, alpha dropped).
// Outputs: `.npy`, float32 for float tensors and int64 for integer/bool ones.
#pragma once

#include <string>

#include "models/graph/tensor.h"

namespace npusim::models {

Tensor load_tensor_file(const std::string& path);
void save_tensor_npy(const std::string& path, const Tensor& tensor);

// A file-name-safe form of a tensor name: characters outside [A-Za-z0-9._-] become '_',
// and leading dots are replaced so no name can become "..", a hidden file or a path.
std::string safe_tensor_file_name(const std::string& tensor_name);

}  // namespace npusim::models
