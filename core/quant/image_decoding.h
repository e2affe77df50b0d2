// SPDX-License-Identifier: GPL-3.0-or-later
// Calibration images: decoding PNG, JPEG and BMP files (stb_image) into 8-bit RGB, and turning a
// decoded image into a model input: center crop, bilinear resize, colour order, pixel scaling and
// channel layout.
#pragma once

#include "core/base/result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace lf::quant {

/// An 8-bit image with interleaved RGB pixels, row by row.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels; ///< width * height * 3 bytes

    std::uint8_t at(int y, int x, int channel) const
    {
        return pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width)
                          + static_cast<std::size_t>(x)) * 3 + static_cast<std::size_t>(channel)];
    }
};

/// True for the file names the decoder takes: .png, .jpg, .jpeg, .bmp in any case.
bool isImageFile(const std::filesystem::path& path);

/// Decodes PNG, JPEG or BMP bytes. Gray images are replicated into RGB, alpha is dropped (not
/// composited), 16-bit PNGs are reduced to 8 bits. InvalidArgument naming `sourceName` with stb's
/// reason for corrupt or unsupported data, and for images above 16384 pixels on a side or 64
/// megapixels.
Result<RgbImage> decodeImage(std::span<const std::byte> bytes, std::string_view sourceName);
Result<RgbImage> readImage(const std::filesystem::path& path);

enum class ColorMode { Auto, Rgb, Bgr, Gray }; ///< Auto: Gray for 1-channel inputs, else RGB
/// Unit: x/255 in [0,1]; Symmetric: x/127.5-1 in [-1,1]; MeanStd: (x/255-mean[c])/std[c]; Raw: 0..255.
enum class PixelScale { Unit, Symmetric, MeanStd, Raw };
enum class ImageLayout { Auto, ChannelsLast, ChannelsFirst };

struct ImageOptions {
    ColorMode color = ColorMode::Auto;
    PixelScale scale = PixelScale::Unit;
    /// For MeanStd, per output channel in the output's channel order (so BGR models get BGR
    /// values), on the [0,1] scale; the defaults are ImageNet's RGB statistics as torchvision uses.
    std::array<float, 3> mean = {0.485f, 0.456f, 0.406f};
    std::array<float, 3> std = {0.229f, 0.224f, 0.225f};
    /// Crop the largest centered region with the input's aspect ratio before resizing, instead of
    /// stretching the whole image.
    bool centerCrop = false;
    /// Auto: the tensor's layout tag if it has one, else channels-last when the last dim is 1 or 3,
    /// else channels-first when dim 1 (rank 4) or dim 0 (rank 3) is.
    ImageLayout layout = ImageLayout::Auto;
};

/// Where the pixels go in the input tensor. Height or width 0 means "keep the image's own size"
/// (inputs with dynamic spatial dims).
struct ImageGeometry {
    int height = 0;
    int width = 0;
    int channels = 3; ///< 1 or 3
    bool channelsFirst = false;
    bool batchDim = true; ///< rank 4 (leading batch of 1) rather than rank 3
};

/// The geometry of an image input of shape `extents` (-1 for dynamic dims); InvalidArgument when
/// the shape is not an image (rank 3 or 4 with 1 or 3 channels). `tensorIsNchw` is the IR layout tag.
Result<ImageGeometry> imageGeometry(const std::vector<std::int64_t>& extents, bool tensorIsNchw,
                                    const ImageOptions& options, std::string_view inputName);

/// The preprocessed image as float32 values in the geometry's layout, and its shape. Bilinear
/// resizing uses half-pixel centers without antialiasing (PyTorch's interpolate with
/// align_corners=False, OpenCV's INTER_LINEAR). Gray is 0.299 R + 0.587 G + 0.114 B, computed
/// in float after resizing.
struct PreprocessedImage {
    std::vector<float> values;
    std::vector<std::int64_t> shape;
};
Result<PreprocessedImage> preprocessImage(const RgbImage& image, const ImageGeometry& geometry,
                                          const ImageOptions& options);

} // namespace lf::quant
