// SPDX-License-Identifier: GPL-3.0-or-later
// The .npz reader: finds the zip central directory (zip64 included), then inflates or copies each
// member, checks its CRC-32 and parses it as .npy.
#include "core/quant/npz.h"

#include "core/base/file_io.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <optional>

namespace lf::quant {

namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr std::uint32_t kDirectoryEntry = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::size_t kEndOfDirectoryBytes = 22;
constexpr std::size_t kDirectoryEntryBytes = 46;
constexpr std::size_t kLocalHeaderBytes = 30;
constexpr std::uint64_t kMaxDeflateRatio = 1032; // deflate cannot compress better than this
constexpr std::uint64_t kMaxTotalBytes = std::uint64_t{2} << 30; // what one calibration set may inflate to

/// Little-endian reads that report running past the end instead of reading it.
class Reader {
public:
    explicit Reader(std::span<const std::byte> bytes) : m_bytes(bytes) {}
    std::optional<std::uint64_t> read(std::size_t offset, std::size_t width) const
    {
        if (offset > m_bytes.size() || m_bytes.size() - offset < width)
            return std::nullopt;
        std::uint64_t value = 0;
        for (std::size_t i = width; i > 0; --i)
            value = (value << 8) | std::to_integer<std::uint64_t>(m_bytes[offset + i - 1]);
        return value;
    }
    std::size_t size() const { return m_bytes.size(); }

private:
    std::span<const std::byte> m_bytes;
};

struct Member {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t size = 0;
    std::uint64_t localOffset = 0;
};

struct Directory {
    std::uint64_t entries = 0;
    std::uint64_t offset = 0;
};

class NpzParser {
public:
    NpzParser(std::span<const std::byte> bytes, std::string_view source) : m_bytes(bytes), m_reader(bytes), m_source(source) {}
    Result<std::vector<NpzEntry>> parse();

private:
    auto malformed(const std::string& reason, const std::string& member = {}) const
    {
        return fail(ErrorCode::InvalidArgument, reason, member.empty() ? m_source : m_source + ": member '" + member + "'");
    }
    Result<Directory> findDirectory() const;
    Result<Member> readMember(std::size_t& offset) const;
    Result<std::vector<std::byte>> memberData(const Member& member) const;

    std::span<const std::byte> m_bytes;
    Reader m_reader;
    std::string m_source;
};

Result<Directory> NpzParser::findDirectory() const
{
    if (m_bytes.size() < kEndOfDirectoryBytes)
        return malformed("not an .npz file (too short to be a zip archive)");
    const std::size_t lowest = m_bytes.size() >= kEndOfDirectoryBytes + 0xffff ? m_bytes.size() - kEndOfDirectoryBytes - 0xffff : 0;
    for (std::size_t at = m_bytes.size() - kEndOfDirectoryBytes + 1; at-- > lowest;) {
        if (m_reader.read(at, 4) != kEndOfDirectory)
            continue;
        Directory directory{*m_reader.read(at + 10, 2), *m_reader.read(at + 16, 4)};
        if (directory.entries != 0xffff && directory.offset != 0xffffffff)
            return directory;
        if (at < 20 || m_reader.read(at - 20, 4) != kZip64Locator)
            return malformed("zip64 archive without a zip64 locator");
        const auto zip64End = m_reader.read(at - 12, 8);
        if (!zip64End || m_reader.read(static_cast<std::size_t>(std::min<std::uint64_t>(*zip64End, SIZE_MAX)), 4) != kZip64EndOfDirectory)
            return malformed("zip64 end of directory record is missing");
        const auto start = static_cast<std::size_t>(*zip64End);
        const auto entries = m_reader.read(start + 32, 8);
        const auto offset = m_reader.read(start + 48, 8);
        if (!entries || !offset)
            return malformed("truncated zip64 end of directory record");
        return Directory{*entries, *offset};
    }
    return malformed("not an .npz file (no zip end-of-directory record)");
}

Result<Member> NpzParser::readMember(std::size_t& offset) const
{
    if (m_reader.read(offset, 4) != kDirectoryEntry || !m_reader.read(offset, kDirectoryEntryBytes))
        return malformed("broken zip central directory at offset " + std::to_string(offset));
    Member member;
    member.flags = static_cast<std::uint16_t>(*m_reader.read(offset + 8, 2));
    member.method = static_cast<std::uint16_t>(*m_reader.read(offset + 10, 2));
    member.crc = static_cast<std::uint32_t>(*m_reader.read(offset + 16, 4));
    member.compressedSize = *m_reader.read(offset + 20, 4);
    member.size = *m_reader.read(offset + 24, 4);
    const std::size_t nameLength = *m_reader.read(offset + 28, 2);
    const std::size_t extraLength = *m_reader.read(offset + 30, 2);
    const std::size_t commentLength = *m_reader.read(offset + 32, 2);
    member.localOffset = *m_reader.read(offset + 42, 4);
    const std::size_t nameStart = offset + kDirectoryEntryBytes;
    if (!m_reader.read(nameStart, nameLength + extraLength + commentLength))
        return malformed("truncated zip central directory");
    member.name.assign(reinterpret_cast<const char*>(m_bytes.data() + nameStart), nameLength);
    // zip64 extra field: the 64-bit values of the fields saturated at 0xffffffff, in this order
    const std::size_t extraEnd = nameStart + nameLength + extraLength;
    for (std::size_t at = nameStart + nameLength; at + 4 <= extraEnd;) {
        const std::uint64_t id = *m_reader.read(at, 2);
        const std::size_t length = *m_reader.read(at + 2, 2);
        std::size_t field = at + 4;
        if (id == 1) {
            for (std::uint64_t* value : {&member.size, &member.compressedSize, &member.localOffset}) {
                if (*value != 0xffffffff || field + 8 > std::min(at + 4 + length, extraEnd))
                    continue;
                *value = *m_reader.read(field, 8);
                field += 8;
            }
        }
        at += 4 + length;
    }
    offset = nameStart + nameLength + extraLength + commentLength;
    return member;
}

Result<std::vector<std::byte>> NpzParser::memberData(const Member& member) const
{
    if (member.flags & 1)
        return fail(ErrorCode::UnsupportedFeature, "encrypted members are not supported", m_source + ": member '" + member.name + "'");
    const auto local = static_cast<std::size_t>(std::min<std::uint64_t>(member.localOffset, SIZE_MAX));
    if (m_reader.read(local, 4) != kLocalHeader || !m_reader.read(local, kLocalHeaderBytes))
        return malformed("the local header is missing", member.name);
    const std::size_t dataStart = local + kLocalHeaderBytes + *m_reader.read(local + 26, 2) + *m_reader.read(local + 28, 2);
    if (dataStart > m_bytes.size() || m_bytes.size() - dataStart < member.compressedSize)
        return malformed("truncated member data", member.name);
    const auto packed = m_bytes.subspan(dataStart, static_cast<std::size_t>(member.compressedSize));
    std::vector<std::byte> data;
    if (member.method == 0) {
        if (member.compressedSize != member.size)
            return malformed("stored member with different packed and unpacked sizes", member.name);
        data.assign(packed.begin(), packed.end());
    } else if (member.method == 8) {
        if (member.size > member.compressedSize * kMaxDeflateRatio + 1024)
            return malformed("the unpacked size is impossible for deflate (a corrupt archive or a zip bomb)", member.name);
        data.resize(static_cast<std::size_t>(member.size));
        z_stream stream{};
        if (inflateInit2(&stream, -MAX_WBITS) != Z_OK)
            return fail(ErrorCode::Internal, "zlib could not start inflating", m_source);
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(packed.data()));
        stream.avail_in = static_cast<uInt>(packed.size());
        stream.next_out = reinterpret_cast<Bytef*>(data.data());
        stream.avail_out = static_cast<uInt>(data.size());
        const int status = inflate(&stream, Z_FINISH);
        const std::uint64_t produced = stream.total_out;
        inflateEnd(&stream);
        if (status != Z_STREAM_END || produced != member.size)
            return malformed("corrupt deflated data", member.name);
    } else {
        return fail(ErrorCode::UnsupportedFeature,
                    "compression method " + std::to_string(member.method) + " is not supported (stored and deflate are)",
                    m_source + ": member '" + member.name + "'");
    }
    const auto crc = crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    if (crc != member.crc)
        return malformed("CRC-32 mismatch", member.name);
    return data;
}

Result<std::vector<NpzEntry>> NpzParser::parse()
{
    const auto directory = findDirectory();
    if (!directory)
        return std::unexpected(directory.error());
    std::vector<NpzEntry> entries;
    std::size_t offset = static_cast<std::size_t>(std::min<std::uint64_t>(directory->offset, SIZE_MAX));
    std::uint64_t total = 0;
    for (std::uint64_t i = 0; i < directory->entries; ++i) {
        auto member = readMember(offset);
        if (!member)
            return std::unexpected(member.error());
        total += member->size;
        if (total > kMaxTotalBytes || member->size > 0xffffffffu)
            return fail(ErrorCode::UnsupportedFeature, "the archive unpacks to more than 2 GiB", m_source);
        auto data = memberData(*member);
        if (!data)
            return std::unexpected(data.error());
        auto array = parseNpy(*data, m_source + ": member '" + member->name + "'");
        if (!array)
            return std::unexpected(array.error());
        std::string name = member->name;
        if (name.ends_with(".npy"))
            name.resize(name.size() - 4);
        entries.push_back({std::move(name), std::move(*array)});
    }
    if (entries.empty())
        return malformed("the archive holds no arrays");
    return entries;
}

} // namespace

Result<std::vector<NpzEntry>> parseNpz(std::span<const std::byte> bytes, std::string_view sourceName)
{
    return NpzParser(bytes, sourceName).parse();
}

Result<std::vector<NpzEntry>> readNpz(const std::filesystem::path& path)
{
    auto file = MappedFile::open(path);
    if (!file)
        return std::unexpected(std::move(file.error()));
    return parseNpz((*file)->bytes(), path.string());
}

} // namespace lf::quant
