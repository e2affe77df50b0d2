// SPDX-License-Identifier: GPL-3.0-or-later
// The quantization options of `convert` (--quantize and what goes with it) and of `quant-debug`
// (their entries are in main.cpp's tables), read into the core's dataset, calibration, quantizer and
// debugger options.
#pragma once

#include "app/cli/cli_support.h"

#include "core/convert/quantize_pipeline.h"
#include "core/quant/dataset.h"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace lf::cli {

struct QuantizeRequest {
    quant::DatasetSpec dataset; ///< no sources: no calibration data given
    QuantizePipelineOptions pipeline;
    std::filesystem::path reportJson; ///< empty: not asked for
    std::filesystem::path reportCsv;
};

/// Reads the options of `convert --quantize` (or of `quant-debug` when `forDebug`), or says why they
/// do not fit together. For convert without --quantize: nullopt, or an error if a quantization option
/// is given anyway.
std::expected<std::optional<QuantizeRequest>, std::string> parseQuantizeRequest(const ParsedArguments& arguments,
                                                                                 bool forDebug);

} // namespace lf::cli
