// SPDX-License-Identifier: GPL-3.0-or-later
// Runtime releases that introduced the features our writer can emit. The table lists, per builtin and
// op version, the first TFLite release whose kernels accept it (TFLite's own runtime_version table);
// features absent from it fall back to the release that introduced the op set we use.
#include "core/tflite/min_runtime_version.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace lf::tflite {

namespace {

struct Release {
    int major;
    int minor;
    int patch;
    auto operator<=>(const Release&) const = default;
};

struct OpRelease {
    std::string_view builtin;
    int version;
    Release release;
};

constexpr Release kBaseline{1, 5, 0};

constexpr std::array kOpReleases{
    OpRelease{"ADD", 2, {1, 14, 0}},
    OpRelease{"ADD", 3, {2, 4, 0}},
    OpRelease{"AVERAGE_POOL_2D", 2, {1, 14, 0}},
    OpRelease{"AVERAGE_POOL_2D", 3, {2, 3, 0}},
    OpRelease{"CONCATENATION", 2, {1, 14, 0}},
    OpRelease{"CONV_2D", 2, {1, 14, 0}},
    OpRelease{"CONV_2D", 3, {1, 14, 0}},
    OpRelease{"CONV_2D", 4, {2, 3, 0}},
    OpRelease{"CONV_2D", 5, {2, 4, 0}},
    OpRelease{"DEPTHWISE_CONV_2D", 2, {1, 14, 0}},
    OpRelease{"DEPTHWISE_CONV_2D", 3, {1, 14, 0}},
    OpRelease{"DEPTHWISE_CONV_2D", 4, {2, 2, 0}},
    OpRelease{"DEPTHWISE_CONV_2D", 5, {2, 3, 0}},
    OpRelease{"DEQUANTIZE", 2, {1, 14, 0}},
    OpRelease{"DEQUANTIZE", 3, {1, 15, 0}},
    OpRelease{"FULLY_CONNECTED", 2, {1, 10, 0}},
    OpRelease{"FULLY_CONNECTED", 3, {1, 14, 0}},
    OpRelease{"FULLY_CONNECTED", 4, {1, 14, 0}},
    OpRelease{"FULLY_CONNECTED", 5, {2, 0, 0}},
    OpRelease{"FULLY_CONNECTED", 6, {2, 1, 0}},
    OpRelease{"FULLY_CONNECTED", 7, {2, 3, 0}},
    OpRelease{"FULLY_CONNECTED", 8, {2, 3, 0}},
    OpRelease{"FULLY_CONNECTED", 9, {2, 11, 0}},
    OpRelease{"MAX_POOL_2D", 2, {1, 14, 0}},
    OpRelease{"MAX_POOL_2D", 3, {2, 3, 0}},
    OpRelease{"MUL", 2, {1, 14, 0}},
    OpRelease{"MUL", 3, {1, 15, 0}},
    OpRelease{"MUL", 4, {2, 3, 0}},
    OpRelease{"QUANTIZE", 2, {1, 15, 0}},
    OpRelease{"QUANTIZE", 3, {2, 3, 0}},
    OpRelease{"RELU", 2, {2, 1, 0}},
    OpRelease{"RESHAPE", 2, {2, 5, 0}},
    OpRelease{"SOFTMAX", 2, {1, 14, 0}},
    OpRelease{"SOFTMAX", 3, {2, 3, 0}},
    OpRelease{"SUB", 2, {1, 14, 0}},
    OpRelease{"SUB", 3, {2, 3, 0}},
};

Release releaseOf(std::string_view builtin, int version)
{
    Release best = kBaseline;
    for (const OpRelease& entry : kOpReleases) {
        if (entry.builtin == builtin && entry.version <= version)
            best = std::max(best, entry.release);
    }
    return best;
}

} // namespace

std::string minRuntimeVersion(const ir::Model& model)
{
    Release needed = kBaseline;
    for (const ir::Graph& graph : model.graphs) {
        for (const ir::Node& node : graph.nodes)
            needed = std::max(needed, releaseOf(ir::tfliteBuiltinName(node.op), std::max(node.version, 1)));
        for (const ir::Tensor& tensor : graph.tensors) {
            if (tensor.quant.isPerAxis())
                needed = std::max(needed, Release{1, 14, 0});
        }
    }
    return std::to_string(needed.major) + "." + std::to_string(needed.minor) + "." + std::to_string(needed.patch);
}

} // namespace lf::tflite
