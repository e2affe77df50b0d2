// SPDX-License-Identifier: GPL-3.0-or-later
// Image decoding with stb_image (PNG, JPEG and BMP only, from memory) and the preprocessing of a
// decoded image into a float input tensor.
#include "core/quant/image_decoding.h"

#include "core/base/file_io.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <memory>
#include <optional>
#include <string>

#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_MAX_DIMENSIONS 16384
#define STBI_ASSERT(condition) ((void)0) // never abort on a corrupt file, whatever the build type
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>

namespace lf::quant {

namespace {

constexpr int kMaxSide = 16384;
constexpr std::int64_t kMaxPixels = std::int64_t{64} << 20; // 192 MB decoded

struct StbFree {
    void operator()(stbi_uc* pixels) const { stbi_image_free(pixels); }
};

std::string lowerCase(std::string text)
{
    std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// The source rectangle: the whole image, or its largest centered part with the target's aspect.
struct CropBox {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

CropBox cropBox(const RgbImage& image, int targetHeight, int targetWidth, bool centerCrop)
{
    CropBox box{0, 0, image.width, image.height};
    if (!centerCrop || targetHeight <= 0 || targetWidth <= 0)
        return box;
    const double aspect = static_cast<double>(targetHeight) / targetWidth;
    box.height = std::clamp(static_cast<int>(std::lround(image.width * aspect)), 1, image.height);
    box.width = box.height == image.height
        ? std::clamp(static_cast<int>(std::lround(image.height / aspect)), 1, image.width)
        : image.width;
    box.x = (image.width - box.width) / 2;
    box.y = (image.height - box.height) / 2;
    return box;
}

/// One axis of a half-pixel-center bilinear resize: the two source indices and the weight of the
/// second, as PyTorch computes them (source = max(scale * (dst + 0.5) - 0.5, 0)).
struct Tap {
    int first = 0;
    int second = 0;
    float weight = 0;
};

std::vector<Tap> bilinearTaps(int inputSize, int outputSize)
{
    std::vector<Tap> taps(static_cast<std::size_t>(outputSize));
    const float scale = static_cast<float>(inputSize) / static_cast<float>(outputSize);
    for (int i = 0; i < outputSize; ++i) {
        const float source = std::max(scale * (static_cast<float>(i) + 0.5f) - 0.5f, 0.0f);
        const int first = std::min(static_cast<int>(source), inputSize - 1);
        taps[static_cast<std::size_t>(i)] = {first, std::min(first + 1, inputSize - 1), source - static_cast<float>(first)};
    }
    return taps;
}

/// Resized RGB pixels as floats (0..255, interleaved).
std::vector<float> resizeBilinear(const RgbImage& image, const CropBox& box, int height, int width)
{
    const std::vector<Tap> rows = bilinearTaps(box.height, height);
    const std::vector<Tap> columns = bilinearTaps(box.width, width);
    std::vector<float> out(static_cast<std::size_t>(height) * static_cast<std::size_t>(width) * 3);
    std::size_t index = 0;
    for (const Tap& row : rows) {
        for (const Tap& column : columns) {
            for (int c = 0; c < 3; ++c) {
                auto pixel = [&](int y, int x) { return static_cast<float>(image.at(box.y + y, box.x + x, c)); };
                const float top = (1 - column.weight) * pixel(row.first, column.first) + column.weight * pixel(row.first, column.second);
                const float bottom = (1 - column.weight) * pixel(row.second, column.first) + column.weight * pixel(row.second, column.second);
                out[index++] = (1 - row.weight) * top + row.weight * bottom;
            }
        }
    }
    return out;
}

float scalePixel(float value, int channel, const ImageOptions& options)
{
    switch (options.scale) {
    case PixelScale::Unit:
        return value / 255.0f;
    case PixelScale::Symmetric:
        return value / 127.5f - 1.0f;
    case PixelScale::MeanStd:
        return (value / 255.0f - options.mean[static_cast<std::size_t>(channel)]) / options.std[static_cast<std::size_t>(channel)];
    case PixelScale::Raw:
        break;
    }
    return value;
}

/// The output channels of one resized RGB pixel, before scaling.
std::array<float, 3> colorChannels(const float* rgb, ColorMode color)
{
    switch (color) {
    case ColorMode::Gray:
        return {0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2], 0, 0};
    case ColorMode::Bgr:
        return {rgb[2], rgb[1], rgb[0]};
    case ColorMode::Rgb:
    case ColorMode::Auto:
        break;
    }
    return {rgb[0], rgb[1], rgb[2]};
}

/// stb_image 2.27 (Debian 12) writes past its Huffman tables when a JPEG DHT segment declares
/// more than 256 symbols. These checks refuse such segments before stb sees them: every DHT in the
/// header (walked segment by segment, as stb does), and every FF C4 byte pair after the first scan
/// starts, where stb may resynchronise anywhere.
class JpegTableCheck {
public:
    explicit JpegTableCheck(std::span<const std::byte> bytes) : m_bytes(bytes) {}

    std::optional<std::string> run() const
    {
        if (m_bytes.size() < 2 || at(0) != 0xff || at(1) != 0xd8)
            return std::nullopt; // not a JPEG
        std::size_t pos = 2;
        while (pos + 1 < m_bytes.size()) {
            if (at(pos) != 0xff || at(pos + 1) == 0xff) {
                ++pos; // padding between segments, or fill bytes before a marker
                continue;
            }
            const unsigned marker = at(pos + 1);
            if (marker == 0xda)
                return checkEveryDhtFrom(pos);
            if (marker == 0xd9)
                return std::nullopt;
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
                pos += 2;
                continue;
            }
            if (auto bad = checkDht(pos))
                return bad;
            pos += 2 + ((at(pos + 2) << 8) | at(pos + 3));
        }
        return std::nullopt;
    }

private:
    unsigned at(std::size_t i) const { return i < m_bytes.size() ? std::to_integer<unsigned>(m_bytes[i]) : 0; }

    std::optional<std::string> checkEveryDhtFrom(std::size_t pos) const
    {
        for (; pos + 1 < m_bytes.size(); ++pos) {
            if (auto bad = checkDht(pos))
                return bad;
        }
        return std::nullopt;
    }

    /// The tables of a DHT segment at `pos` (if it is one), read as stb reads them.
    std::optional<std::string> checkDht(std::size_t pos) const
    {
        if (at(pos) != 0xff || at(pos + 1) != 0xc4)
            return std::nullopt;
        long remaining = static_cast<long>((at(pos + 2) << 8) | at(pos + 3)) - 2;
        for (std::size_t table = pos + 4; remaining > 0 && table < m_bytes.size();) {
            unsigned symbols = 0;
            for (std::size_t i = 1; i <= 16; ++i)
                symbols += at(table + i);
            if (symbols > 256)
                return "corrupt JPEG (a Huffman table with " + std::to_string(symbols) + " symbols)";
            table += 17 + symbols;
            remaining -= static_cast<long>(17 + symbols);
        }
        return std::nullopt;
    }

    std::span<const std::byte> m_bytes;
};

} // namespace

bool isImageFile(const std::filesystem::path& path)
{
    const std::string extension = lowerCase(path.extension().string());
    return extension == ".png" || extension == ".jpg" || extension == ".jpeg" || extension == ".bmp";
}

Result<RgbImage> decodeImage(std::span<const std::byte> bytes, std::string_view sourceName)
{
    const std::string source(sourceName);
    if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        return fail(ErrorCode::InvalidArgument, "the image file is larger than 2 GB", source);
    if (auto bad = JpegTableCheck(bytes).run())
        return fail(ErrorCode::InvalidArgument, *bad, source);
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int length = static_cast<int>(bytes.size());
    int width = 0;
    int height = 0;
    int channels = 0;
    if (!stbi_info_from_memory(data, length, &width, &height, &channels))
        return fail(ErrorCode::InvalidArgument,
                    std::string("not a readable PNG, JPEG or BMP image (") + stbi_failure_reason() + ")", source);
    if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide || std::int64_t{width} * height > kMaxPixels)
        return fail(ErrorCode::InvalidArgument,
                    "image size " + std::to_string(width) + "x" + std::to_string(height)
                        + " is not supported (at most " + std::to_string(kMaxSide) + " pixels per side and "
                        + std::to_string(kMaxPixels >> 20) + " megapixels)", source);
    const std::unique_ptr<stbi_uc, StbFree> pixels(stbi_load_from_memory(data, length, &width, &height, &channels, 3));
    if (!pixels)
        return fail(ErrorCode::InvalidArgument,
                    std::string("corrupt or unsupported image (") + stbi_failure_reason() + ")", source);
    RgbImage image;
    image.width = width;
    image.height = height;
    const auto* begin = reinterpret_cast<const std::uint8_t*>(pixels.get());
    image.pixels.assign(begin, begin + static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    return image;
}

Result<RgbImage> readImage(const std::filesystem::path& path)
{
    auto file = MappedFile::open(path);
    if (!file)
        return std::unexpected(std::move(file.error()));
    return decodeImage((*file)->bytes(), path.string());
}

Result<ImageGeometry> imageGeometry(const std::vector<std::int64_t>& extents, bool tensorIsNchw,
                                    const ImageOptions& options, std::string_view inputName)
{
    const std::string where = "input '" + std::string(inputName) + "'";
    const int rank = static_cast<int>(extents.size());
    if (rank != 3 && rank != 4)
        return fail(ErrorCode::InvalidArgument, "images need an input of rank 3 or 4, this one has rank " + std::to_string(rank), where);
    const int offset = rank - 3; // the leading batch dim
    auto isChannels = [](std::int64_t extent) { return extent == 1 || extent == 3; };
    bool channelsFirst = options.layout == ImageLayout::ChannelsFirst;
    if (options.layout == ImageLayout::Auto)
        channelsFirst = tensorIsNchw || (!isChannels(extents.back()) && isChannels(extents[static_cast<std::size_t>(offset)]));
    const std::size_t channelAxis = channelsFirst ? static_cast<std::size_t>(offset) : extents.size() - 1;
    const std::size_t heightAxis = channelsFirst ? channelAxis + 1 : static_cast<std::size_t>(offset);
    ImageGeometry geometry;
    geometry.channelsFirst = channelsFirst;
    geometry.batchDim = rank == 4;
    if (rank == 4 && extents[0] > 1)
        return fail(ErrorCode::InvalidArgument, "the input has a batch of " + std::to_string(extents[0]) + "; images need batch 1", where);
    if (!isChannels(extents[channelAxis]))
        return fail(ErrorCode::InvalidArgument,
                    "the input's channel dim (axis " + std::to_string(channelAxis) + ") is " + std::to_string(extents[channelAxis])
                        + "; images need 1 or 3 channels", where);
    geometry.channels = static_cast<int>(extents[channelAxis]);
    geometry.height = static_cast<int>(std::max<std::int64_t>(extents[heightAxis], 0));
    geometry.width = static_cast<int>(std::max<std::int64_t>(extents[heightAxis + 1], 0));
    if (geometry.height > kMaxSide || geometry.width > kMaxSide)
        return fail(ErrorCode::InvalidArgument, "the input's image size is too large", where);
    const ColorMode color = options.color;
    if (geometry.channels == 1 && color != ColorMode::Auto && color != ColorMode::Gray)
        return fail(ErrorCode::InvalidArgument, "the input has 1 channel; RGB or BGR images need 3", where);
    if (geometry.channels == 3 && color == ColorMode::Gray)
        return fail(ErrorCode::InvalidArgument, "the input has 3 channels; gray images need 1", where);
    return geometry;
}

Result<PreprocessedImage> preprocessImage(const RgbImage& image, const ImageGeometry& geometry,
                                          const ImageOptions& options)
{
    const CropBox box = cropBox(image, geometry.height, geometry.width, options.centerCrop);
    const int height = geometry.height > 0 ? geometry.height : box.height;
    const int width = geometry.width > 0 ? geometry.width : box.width;
    const std::vector<float> rgb = resizeBilinear(image, box, height, width);
    const ColorMode color = geometry.channels == 1 ? ColorMode::Gray : options.color;
    const auto pixels = static_cast<std::size_t>(height) * static_cast<std::size_t>(width);
    const auto channels = static_cast<std::size_t>(geometry.channels);
    PreprocessedImage result;
    result.values.resize(pixels * channels);
    for (std::size_t p = 0; p < pixels; ++p) {
        const std::array<float, 3> values = colorChannels(&rgb[p * 3], color);
        for (std::size_t c = 0; c < channels; ++c) {
            const std::size_t index = geometry.channelsFirst ? c * pixels + p : p * channels + c;
            result.values[index] = scalePixel(values[c], static_cast<int>(c), options);
        }
    }
    if (geometry.batchDim)
        result.shape.push_back(1);
    const std::vector<std::int64_t> spatial = {height, width};
    if (geometry.channelsFirst)
        result.shape.push_back(geometry.channels);
    result.shape.insert(result.shape.end(), spatial.begin(), spatial.end());
    if (!geometry.channelsFirst)
        result.shape.push_back(geometry.channels);
    return result;
}

} // namespace lf::quant
