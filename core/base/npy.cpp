// SPDX-License-Identifier: GPL-3.0-or-later
// Reading and writing .npy files. The header is a Python dict literal; this parses exactly the
// subset numpy writes (quoted keys 'descr', 'fortran_order', 'shape'; a string, a bool and a tuple
// of ints), checks every length against the file size before using it, and copies the data out.
#include "core/base/npy.h"

#include "core/base/file_io.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

namespace lf {

// Array data is copied byte for byte between files and memory, which is only right on a
// little-endian host.
static_assert(std::endian::native == std::endian::little);

namespace {

constexpr std::array<unsigned char, 6> kMagic{0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::size_t kMagicAndVersionBytes = 8;
/// numpy itself refuses headers over 10000 bytes unless told otherwise; 1 MiB fits any sane shape
/// and still stops a corrupt length field from making us parse a whole data section as text.
constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 20;
constexpr std::size_t kDataAlignment = 64;
constexpr std::size_t kMaxVersion1HeaderBytes = 0xffff;

struct DescrCode {
    ir::DType dtype;
    std::string_view code; ///< numpy's kind letter and byte width, without the byte-order character
};

constexpr std::array kDescrCodes{
    DescrCode{ir::DType::Float16, "f2"},
    DescrCode{ir::DType::Float32, "f4"},
    DescrCode{ir::DType::Float64, "f8"},
    DescrCode{ir::DType::Int8, "i1"},
    DescrCode{ir::DType::UInt8, "u1"},
    DescrCode{ir::DType::Int16, "i2"},
    DescrCode{ir::DType::UInt16, "u2"},
    DescrCode{ir::DType::Int32, "i4"},
    DescrCode{ir::DType::UInt32, "u4"},
    DescrCode{ir::DType::Int64, "i8"},
    DescrCode{ir::DType::UInt64, "u8"},
    DescrCode{ir::DType::Bool, "b1"},
};

std::optional<std::string_view> descrCode(ir::DType dtype)
{
    const auto entry = std::ranges::find(kDescrCodes, dtype, &DescrCode::dtype);
    if (entry == kDescrCodes.end())
        return std::nullopt;
    return entry->code;
}

std::string shapeText(std::span<const std::int64_t> shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += std::to_string(shape[i]);
    }
    return text + "]";
}

/// Element count of `shape`, or nullopt if a dimension is negative or the count overflows.
std::optional<std::int64_t> checkedElementCount(std::span<const std::int64_t> shape)
{
    std::int64_t count = 1;
    for (const std::int64_t dim : shape) {
        if (dim < 0)
            return std::nullopt;
        if (dim != 0 && count > std::numeric_limits<std::int64_t>::max() / dim)
            return std::nullopt;
        count *= dim;
    }
    return count;
}

/// Byte size of `count` elements of `dtype`, or nullopt on overflow.
std::optional<std::size_t> checkedByteSize(std::int64_t count, ir::DType dtype)
{
    const std::size_t elementSize = ir::dtypeSize(dtype);
    const auto elements = static_cast<std::uint64_t>(count);
    if (elements > std::numeric_limits<std::size_t>::max() / elementSize)
        return std::nullopt;
    return static_cast<std::size_t>(elements) * elementSize;
}

struct Header {
    std::string descr;
    bool fortranOrder = false;
    std::vector<std::int64_t> shape;
};

/// Parses the header dict. Errors are plain reasons; the caller adds the file name.
class HeaderParser final {
public:
    explicit HeaderParser(std::string_view text) : m_text(text) { }

    std::expected<Header, std::string> parse();

private:
    void skipSpace()
    {
        while (m_pos < m_text.size()
            && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n'
                || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    bool peek(char c) const { return !atEnd() && m_text[m_pos] == c; }
    bool consume(char c)
    {
        if (!peek(c))
            return false;
        ++m_pos;
        return true;
    }
    bool consumeWord(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }
    std::string position() const { return "at header offset " + std::to_string(m_pos); }

    std::optional<std::string> parseString();
    std::expected<std::vector<std::int64_t>, std::string> parseShape();

    std::string_view m_text;
    std::size_t m_pos = 0;
};

std::optional<std::string> HeaderParser::parseString()
{
    if (atEnd() || (m_text[m_pos] != '\'' && m_text[m_pos] != '"'))
        return std::nullopt;
    const char quote = m_text[m_pos++];
    std::string value;
    while (!atEnd() && m_text[m_pos] != quote) {
        if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size())
            ++m_pos;
        value += m_text[m_pos++];
    }
    if (!consume(quote))
        return std::nullopt;
    return value;
}

std::expected<std::vector<std::int64_t>, std::string> HeaderParser::parseShape()
{
    if (!consume('('))
        return std::unexpected("'shape' is not a tuple " + position());
    std::vector<std::int64_t> shape;
    skipSpace();
    while (!consume(')')) {
        std::int64_t dim = 0;
        const char* begin = m_text.data() + m_pos;
        const char* end = m_text.data() + m_text.size();
        const auto [next, error] = std::from_chars(begin, end, dim);
        if (error == std::errc::result_out_of_range)
            return std::unexpected("a dimension of 'shape' is too large " + position());
        if (error != std::errc() || dim < 0)
            return std::unexpected(
                "a dimension of 'shape' is not a non-negative integer " + position());
        m_pos += static_cast<std::size_t>(next - begin);
        consume('L'); // Python 2 wrote long integers with a suffix
        shape.push_back(dim);
        skipSpace();
        if (consume(',')) {
            skipSpace();
            continue;
        }
        if (!peek(')'))
            return std::unexpected("expected ',' or ')' in 'shape' " + position());
    }
    return shape;
}

std::expected<Header, std::string> HeaderParser::parse()
{
    Header header;
    bool haveDescr = false;
    bool haveFortranOrder = false;
    bool haveShape = false;
    skipSpace();
    if (!consume('{'))
        return std::unexpected("the header is not a dict");
    for (;;) {
        skipSpace();
        if (consume('}'))
            break;
        const std::optional<std::string> key = parseString();
        if (!key)
            return std::unexpected("expected a quoted key " + position());
        skipSpace();
        if (!consume(':'))
            return std::unexpected("expected ':' after '" + *key + "' " + position());
        skipSpace();
        if (*key == "descr") {
            if (peek('['))
                return std::unexpected("structured arrays (a list as 'descr') are not supported");
            std::optional<std::string> descr = parseString();
            if (!descr)
                return std::unexpected("'descr' is not a string " + position());
            header.descr = std::move(*descr);
            if (std::exchange(haveDescr, true))
                return std::unexpected("duplicate key 'descr'");
        } else if (*key == "fortran_order") {
            if (consumeWord("True"))
                header.fortranOrder = true;
            else if (consumeWord("False"))
                header.fortranOrder = false;
            else
                return std::unexpected("'fortran_order' is neither True nor False " + position());
            if (std::exchange(haveFortranOrder, true))
                return std::unexpected("duplicate key 'fortran_order'");
        } else if (*key == "shape") {
            auto shape = parseShape();
            if (!shape)
                return std::unexpected(std::move(shape.error()));
            header.shape = std::move(*shape);
            if (std::exchange(haveShape, true))
                return std::unexpected("duplicate key 'shape'");
        } else {
            return std::unexpected("unexpected key '" + *key + "'");
        }
        skipSpace();
        if (consume(','))
            continue;
        if (consume('}'))
            break;
        return std::unexpected("expected ',' or '}' " + position());
    }
    skipSpace();
    if (!atEnd())
        return std::unexpected("unexpected text after the dict " + position());
    if (!haveDescr)
        return std::unexpected("the key 'descr' is missing");
    if (!haveFortranOrder)
        return std::unexpected("the key 'fortran_order' is missing");
    if (!haveShape)
        return std::unexpected("the key 'shape' is missing");
    return header;
}

/// Maps a descr such as '<f4' or '|b1' to a dtype; errors are UnsupportedFeature reasons.
std::expected<ir::DType, std::string> dtypeFromDescr(std::string_view descr)
{
    char order = '=';
    std::string_view code = descr;
    if (!code.empty() && std::string_view("<>|=").find(code.front()) != std::string_view::npos) {
        order = code.front();
        code.remove_prefix(1);
    }
    if (code == "?")
        code = "b1";
    const auto entry = std::ranges::find(kDescrCodes, code, &DescrCode::code);
    if (entry == kDescrCodes.end())
        return std::unexpected("dtype '" + std::string(descr)
            + "' is not supported (only bool, int, uint and float arrays are)");
    const bool singleByte = ir::dtypeSize(entry->dtype) == 1;
    if (order == '>' && !singleByte)
        return std::unexpected("dtype '" + std::string(descr)
            + "' is big-endian, which is not supported; save the array as '<" + std::string(code)
            + "'");
    if (order == '|' && !singleByte)
        return std::unexpected("dtype '" + std::string(descr) + "' has no byte order");
    return entry->dtype;
}

std::uint32_t readLittleEndian(std::span<const std::byte> bytes)
{
    std::uint32_t value = 0;
    for (std::size_t i = bytes.size(); i > 0; --i)
        value = (value << 8) | std::to_integer<std::uint32_t>(bytes[i - 1]);
    return value;
}

} // namespace

std::int64_t NpyArray::elementCount() const
{
    std::int64_t count = 1;
    for (const std::int64_t dim : shape)
        count *= dim;
    return count;
}

bool isNpyDType(ir::DType dtype) { return descrCode(dtype).has_value(); }

Result<NpyArray> parseNpy(std::span<const std::byte> bytes, std::string_view sourceName)
{
    const std::string source(sourceName);
    auto malformed = [&](std::string reason) {
        return fail(ErrorCode::InvalidArgument, std::move(reason), source);
    };
    auto unsupported = [&](std::string reason) {
        return fail(ErrorCode::UnsupportedFeature, std::move(reason), source);
    };

    if (bytes.size() < kMagic.size()
        || std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
        return malformed("not a .npy file (the magic string \\x93NUMPY is missing)");
    if (bytes.size() < kMagicAndVersionBytes)
        return malformed("truncated: the file ends inside the format version");
    const auto major = std::to_integer<unsigned>(bytes[6]);
    const auto minor = std::to_integer<unsigned>(bytes[7]);
    if (major < 1 || major > 3)
        return unsupported("format version " + std::to_string(major) + "." + std::to_string(minor)
            + " is not supported (1.0, 2.0 and 3.0 are)");

    const std::size_t lengthBytes = major == 1 ? 2 : 4;
    const std::size_t headerStart = kMagicAndVersionBytes + lengthBytes;
    if (bytes.size() < headerStart)
        return malformed("truncated: the file ends inside the header length");
    const std::size_t headerLength
        = readLittleEndian(bytes.subspan(kMagicAndVersionBytes, lengthBytes));
    if (headerLength > kMaxHeaderBytes)
        return malformed("header too long: " + std::to_string(headerLength) + " bytes (at most "
            + std::to_string(kMaxHeaderBytes) + " are accepted)");
    if (bytes.size() - headerStart < headerLength)
        return malformed("truncated: the header needs " + std::to_string(headerLength) + " bytes, "
            + std::to_string(bytes.size() - headerStart) + " follow");

    const auto headerBytes = bytes.subspan(headerStart, headerLength);
    const std::string_view headerText(
        reinterpret_cast<const char*>(headerBytes.data()), headerBytes.size());
    auto header = HeaderParser(headerText).parse();
    if (!header)
        return malformed("invalid header: " + header.error());

    const auto dtype = dtypeFromDescr(header->descr);
    if (!dtype)
        return unsupported(dtype.error());
    if (header->fortranOrder)
        return unsupported(
            "the array is in Fortran order, which is not supported; save a C-order array "
            "(numpy.ascontiguousarray)");

    const std::optional<std::int64_t> count = checkedElementCount(header->shape);
    const std::optional<std::size_t> dataSize
        = count ? checkedByteSize(*count, *dtype) : std::nullopt;
    if (!dataSize)
        return malformed("shape " + shapeText(header->shape) + " has too many elements");
    const std::size_t available = bytes.size() - headerStart - headerLength;
    if (available != *dataSize) {
        const std::string sizes = "shape " + shapeText(header->shape) + " of "
            + std::string(ir::dtypeName(*dtype)) + " needs " + std::to_string(*dataSize)
            + " data bytes, the file holds " + std::to_string(available);
        return malformed(
            available < *dataSize ? "truncated: " + sizes : "data size mismatch: " + sizes);
    }

    NpyArray array;
    array.dtype = *dtype;
    array.shape = std::move(header->shape);
    const auto data = bytes.subspan(headerStart + headerLength);
    array.data.assign(data.begin(), data.end());
    return array;
}

Result<NpyArray> readNpy(const std::filesystem::path& path)
{
    auto file = MappedFile::open(path);
    if (!file)
        return std::unexpected(std::move(file.error()));
    return parseNpy((*file)->bytes(), path.string());
}

Result<std::vector<std::byte>> serializeNpy(const NpyArray& array)
{
    const std::optional<std::string_view> code = descrCode(array.dtype);
    if (!code)
        return fail(ErrorCode::InvalidArgument,
            "dtype " + std::string(ir::dtypeName(array.dtype))
                + " cannot be stored in a .npy file");
    const std::optional<std::int64_t> count = checkedElementCount(array.shape);
    const std::optional<std::size_t> dataSize
        = count ? checkedByteSize(*count, array.dtype) : std::nullopt;
    if (!dataSize)
        return fail(ErrorCode::InvalidArgument,
            "shape " + shapeText(array.shape) + " is not a valid array shape");
    if (*dataSize != array.data.size())
        return fail(ErrorCode::InvalidArgument,
            "shape " + shapeText(array.shape) + " of " + std::string(ir::dtypeName(array.dtype))
                + " needs " + std::to_string(*dataSize) + " bytes, the array holds "
                + std::to_string(array.data.size()));

    std::string dims;
    for (const std::int64_t dim : array.shape)
        dims += (dims.empty() ? "" : ", ") + std::to_string(dim);
    if (array.shape.size() == 1)
        dims += ',';
    const char order = ir::dtypeSize(array.dtype) == 1 ? '|' : '<';
    std::string header = "{'descr': '" + std::string(1, order) + std::string(*code)
        + "', 'fortran_order': False, 'shape': (" + dims + "), }";

    // Pad with spaces and end with a newline so that the data starts on a 64-byte boundary.
    auto paddedLength = [&](std::size_t prefixBytes) {
        const std::size_t unpadded = prefixBytes + header.size() + 1;
        return (unpadded + kDataAlignment - 1) / kDataAlignment * kDataAlignment - prefixBytes;
    };
    const bool version1 = paddedLength(kMagicAndVersionBytes + 2) <= kMaxVersion1HeaderBytes;
    const std::size_t prefixBytes = kMagicAndVersionBytes + (version1 ? 2 : 4);
    const std::size_t headerLength = paddedLength(prefixBytes);
    header.resize(headerLength - 1, ' ');
    header += '\n';

    std::vector<std::byte> bytes;
    bytes.reserve(prefixBytes + headerLength + array.data.size());
    for (const unsigned char c : kMagic)
        bytes.push_back(std::byte{c});
    bytes.push_back(std::byte{version1 ? std::uint8_t{1} : std::uint8_t{2}});
    bytes.push_back(std::byte{0});
    for (std::size_t i = 0; i < prefixBytes - kMagicAndVersionBytes; ++i)
        bytes.push_back(static_cast<std::byte>((headerLength >> (8 * i)) & 0xff));
    for (const char c : header)
        bytes.push_back(static_cast<std::byte>(c));
    bytes.insert(bytes.end(), array.data.begin(), array.data.end());
    return bytes;
}

Result<void> writeNpy(const std::filesystem::path& path, const NpyArray& array)
{
    auto bytes = serializeNpy(array);
    if (!bytes)
        return std::unexpected(std::move(bytes.error()).in(path.string()));
    return writeFileAtomically(path, *bytes);
}

} // namespace lf
