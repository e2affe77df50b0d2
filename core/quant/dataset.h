// SPDX-License-Identifier: GPL-3.0-or-later
// Representative datasets for calibration: the samples a float model is run on, one array per model
// input. Sources are folders of images, .npy files (one sample each or a batch along axis 0), .npz
// archives and seeded random data; multi-input models bind sources to inputs with NAME=PATH.
//
// Layout: .npy/.npz samples are in the SOURCE model's input layout (NCHW for ONNX), which is what
// the user's own preprocessing produces; when the converted model's input is the channels-last
// permutation of a sample's shape, the sample is permuted (see adaptToInput). Images are written
// directly in the input's layout.
#pragma once

#include "core/base/npy.h"
#include "core/base/result.h"
#include "core/ir/graph.h"
#include "core/quant/image_decoding.h"
#include "core/quant/sample_arrays.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lf::quant {

/// A fixed, indexable list of samples. sample() may be called from several threads at once.
class Dataset {
public:
    virtual ~Dataset() = default;
    virtual std::size_t size() const = 0;
    /// One array per model input, in the model's input order, with the input's dtype and the
    /// input's shape (batch 1; dynamic dims take the sample's own extents).
    virtual Result<std::vector<NpyArray>> sample(std::size_t index) const = 0;
};

/// Seeded random data for inputs bound to "random". Float inputs get values uniform in
/// [low, high) (default [0, 1), like images scaled to unit range); integer inputs get integers
/// uniform in [ceil(low), floor(high)], bools 0 or 1. Sample i of input k depends only on (seed, i,
/// k), so the data does not depend on thread timing or on how many samples are drawn.
struct RandomOptions {
    float low = 0.0f;
    float high = 1.0f;
    std::uint32_t seed = 0;
    std::size_t samples = 100; ///< the dataset size when every input is random
};

struct DatasetSpec {
    /// Each entry is "PATH" or "NAME=PATH", NAME being an input's tensor or signature name. Plain
    /// entries go, in order, to the inputs not bound by name; an .npz given plainly to a
    /// multi-input model binds its members to the inputs they are named after. PATH is a folder
    /// (images or .npy/.npz files, taken in byte-wise file-name order), an image, an .npy or .npz
    /// file, or the word "random". An .npz feeds an input from the member named after it, or else
    /// from every member in archive order (np.savez(f, *samples)).
    std::vector<std::string> sources;
    ImageOptions image;
    RandomOptions random;
    std::size_t maxSamples = 0; ///< 0: every sample the sources hold
};

/// Binds the sources to the inputs of `model`'s main graph and checks what can be checked without
/// decoding every image: every .npy/.npz sample is read once here (shape, dtype, NaN/Inf), images
/// are decoded lazily by sample(). Errors name the file and the input: empty or mixed folders,
/// unknown input names, inputs without data, sample counts that differ between inputs, samples
/// whose shape fits no reading of the input's shape, NaN or Inf values (with the first bad index).
Result<std::unique_ptr<Dataset>> openDataset(const DatasetSpec& spec, const ir::Model& model);

} // namespace lf::quant
