// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the quantization options: names to enums, number lists, and the rules on which options
// need which.
#include "app/cli/quantize_options.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

namespace lf::cli {

namespace {

using Problem = std::unexpected<std::string>;

constexpr std::string_view kQuantizeOnly[] = {"--io-type", "--calibration-method", "--keep-float"};
constexpr std::string_view kDataOptions[] = {"--calibration", "--calibration-samples", "--report", "--report-csv",
                                             "--report-samples", "--image-scale", "--image-mean", "--image-std",
                                             "--image-color", "--image-crop"};

/// "a,b,c" (or one value for all three channels) as finite floats.
std::optional<std::array<float, 3>> parseTriple(std::string_view text)
{
    std::vector<float> values;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        float value = 0;
        const char* begin = text.data() + start;
        const char* end = text.data() + comma;
        const auto [stop, error] = std::from_chars(begin, end, value);
        if (error != std::errc() || stop != end || !std::isfinite(value))
            return std::nullopt;
        values.push_back(value);
        start = comma + 1;
    }
    if (values.size() == 1)
        return std::array<float, 3>{values[0], values[0], values[0]};
    if (values.size() != 3)
        return std::nullopt;
    return std::array<float, 3>{values[0], values[1], values[2]};
}

std::optional<quant::PixelScale> pixelScaleFromName(std::string_view name)
{
    if (name == "unit")
        return quant::PixelScale::Unit;
    if (name == "signed")
        return quant::PixelScale::Symmetric;
    if (name == "raw")
        return quant::PixelScale::Raw;
    if (name == "mean-std")
        return quant::PixelScale::MeanStd;
    return std::nullopt;
}

std::optional<quant::ColorMode> colorFromName(std::string_view name)
{
    if (name == "rgb")
        return quant::ColorMode::Rgb;
    if (name == "bgr")
        return quant::ColorMode::Bgr;
    if (name == "gray")
        return quant::ColorMode::Gray;
    return std::nullopt;
}

std::string badChoice(std::string_view option, const std::string& value, std::string_view choices)
{
    return "option '" + std::string(option) + "' takes " + std::string(choices) + ", got '" + value + "'";
}

std::expected<quant::ImageOptions, std::string> parseImageOptions(const ParsedArguments& arguments)
{
    quant::ImageOptions image;
    if (arguments.has("--image-scale")) {
        const auto scale = pixelScaleFromName(arguments.value("--image-scale"));
        if (!scale)
            return Problem(badChoice("--image-scale", arguments.value("--image-scale"), "unit, signed, raw or mean-std"));
        image.scale = *scale;
    }
    for (const char* option : {"--image-mean", "--image-std"}) {
        if (!arguments.has(option))
            continue;
        if (image.scale != quant::PixelScale::MeanStd)
            return Problem(std::string(option) + " applies with --image-scale mean-std");
        const auto values = parseTriple(arguments.value(option));
        const bool isStd = std::string_view(option) == "--image-std";
        if (!values || (isStd && std::ranges::any_of(*values, [](float v) { return v <= 0; })))
            return Problem(std::string(option) + " needs one or three " + (isStd ? "positive " : "")
                           + "numbers separated by commas, got '" + arguments.value(option) + "'");
        (isStd ? image.std : image.mean) = *values;
    }
    if (arguments.has("--image-color")) {
        const auto color = colorFromName(arguments.value("--image-color"));
        if (!color)
            return Problem(badChoice("--image-color", arguments.value("--image-color"), "rgb, bgr or gray"));
        image.color = *color;
    }
    image.centerCrop = arguments.has("--image-crop");
    return image;
}

/// --keep-float values: comma-separated node names, repeatable.
std::expected<void, std::string> addKeepFloat(const ParsedArguments& arguments, quant::QuantizeOptions& options)
{
    for (const std::string& value : arguments.values("--keep-float")) {
        for (std::size_t start = 0; start <= value.size();) {
            const std::size_t comma = std::min(value.find(',', start), value.size());
            if (comma == start)
                return Problem("--keep-float needs node names separated by commas, got '" + value + "'");
            options.keepFloat.insert(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return {};
}

/// The scheme, I/O type, method and keep-float set of `convert --quantize`.
std::expected<void, std::string> parseScheme(const ParsedArguments& arguments, QuantizeRequest& request)
{
    const auto scheme = quant::schemeFromName(arguments.value("--quantize"));
    if (!scheme)
        return Problem(badChoice("--quantize", arguments.value("--quantize"), "float16, dynamic-range, int8 or 16x8"));
    request.pipeline.quantize.scheme = *scheme;
    if (arguments.has("--io-type")) {
        const auto ioType = quant::ioTypeFromName(arguments.value("--io-type"));
        if (!ioType)
            return Problem(badChoice("--io-type", arguments.value("--io-type"), "float32, int8 or uint8"));
        if (*ioType != quant::IoType::Float32 && !needsCalibration(*scheme))
            return Problem("--io-type " + arguments.value("--io-type") + " needs a full-integer scheme (--quantize int8 or 16x8)");
        request.pipeline.quantize.ioType = *ioType;
    }
    if (arguments.has("--calibration-method")) {
        const auto method = quant::calibrationMethodFromName(arguments.value("--calibration-method"));
        if (!method)
            return Problem(badChoice("--calibration-method", arguments.value("--calibration-method"),
                                     "minmax, moving-average, percentile or mse"));
        request.pipeline.calibration.method = *method;
    }
    return addKeepFloat(arguments, request.pipeline.quantize);
}

/// The dataset, sample counts and report files both commands share.
std::expected<void, std::string> parseData(const ParsedArguments& arguments, QuantizeRequest& request)
{
    request.dataset.sources = arguments.values("--calibration");
    auto samples = countOption(arguments, "--calibration-samples", 1, 0);
    auto reportSamples = countOption(arguments, "--report-samples", 1, 0);
    if (!samples)
        return Problem(samples.error());
    if (!reportSamples)
        return Problem(reportSamples.error());
    request.dataset.maxSamples = static_cast<std::size_t>(*samples);
    if (*samples > 0)
        request.dataset.random.samples = static_cast<std::size_t>(*samples);
    request.pipeline.debug.maxSamples = static_cast<std::size_t>(*reportSamples);
    auto image = parseImageOptions(arguments);
    if (!image)
        return Problem(image.error());
    request.dataset.image = *image;
    if (arguments.has("--report"))
        request.reportJson = arguments.value("--report");
    if (arguments.has("--report-csv"))
        request.reportCsv = arguments.value("--report-csv");
    if (!request.reportJson.empty() && request.reportJson == request.reportCsv)
        return Problem("--report and --report-csv name the same file");
    request.pipeline.report = !request.reportJson.empty() || !request.reportCsv.empty();
    if (arguments.has("--report-samples") && !request.pipeline.report)
        return Problem("--report-samples applies with --report or --report-csv");
    return {};
}

} // namespace

std::expected<std::optional<QuantizeRequest>, std::string> parseQuantizeRequest(const ParsedArguments& arguments,
                                                                                 bool forDebug)
{
    if (!forDebug && !arguments.has("--quantize")) {
        for (const auto& options : {std::span<const std::string_view>(kQuantizeOnly), std::span<const std::string_view>(kDataOptions)}) {
            for (const std::string_view option : options) {
                if (arguments.has(option))
                    return Problem(std::string(option) + " applies with --quantize");
            }
        }
        return std::nullopt;
    }
    QuantizeRequest request;
    if (!forDebug) {
        if (auto scheme = parseScheme(arguments, request); !scheme)
            return Problem(scheme.error());
    }
    if (auto data = parseData(arguments, request); !data)
        return Problem(data.error());
    const bool calibrated = !forDebug && needsCalibration(request.pipeline.quantize.scheme);
    if (request.dataset.sources.empty()) {
        if (forDebug || request.pipeline.report)
            return Problem("the report needs --calibration data (a folder, .npy, .npz or 'random')");
        if (calibrated)
            return Problem("--quantize " + arguments.value("--quantize")
                           + " needs --calibration data (a folder of images or .npy files, .npy, .npz or 'random')");
        for (const std::string_view option : kDataOptions) {
            if (arguments.has(option))
                return Problem(std::string(option) + " applies with --calibration");
        }
    }
    return request;
}

} // namespace lf::cli
