// SPDX-License-Identifier: GPL-3.0-or-later
// POSIX implementation of memory-mapped reading and atomic writing.
#include "core/base/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lf {

namespace {

std::string systemError() { return std::strerror(errno); }

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

} // namespace

MappedFile::MappedFile(std::filesystem::path path, const std::byte* data, std::size_t size)
    : m_path(std::move(path)), m_data(data), m_size(size)
{
}

MappedFile::~MappedFile()
{
    if (m_size > 0)
        ::munmap(const_cast<std::byte*>(m_data), m_size);
}

Result<std::shared_ptr<const MappedFile>> MappedFile::open(const std::filesystem::path& path)
{
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return fail(ErrorCode::Io, "cannot open: " + systemError(), path.string());
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        return fail(ErrorCode::Io, "cannot stat: " + systemError(), path.string());
    if (S_ISDIR(info.st_mode))
        return fail(ErrorCode::Io, "is a directory, not a file", path.string());
    const auto size = static_cast<std::size_t>(info.st_size);
    if (size == 0)
        return std::shared_ptr<const MappedFile>(new MappedFile(path, nullptr, 0));
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (data == MAP_FAILED)
        return fail(ErrorCode::Io, "cannot map: " + systemError(), path.string());
    return std::shared_ptr<const MappedFile>(new MappedFile(path, static_cast<const std::byte*>(data), size));
}

Result<void> writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes)
{
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
    std::string pattern = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
    FileDescriptor fd(::mkstemp(pattern.data()));
    if (fd.get() < 0)
        return fail(ErrorCode::Io, "cannot create a temporary file: " + systemError(), path.string());
    const std::filesystem::path temporary = pattern;
    auto abandon = [&](std::string what) {
        const std::string reason = what + ": " + systemError();
        ::unlink(temporary.c_str());
        return fail(ErrorCode::Io, reason, path.string());
    };
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return abandon("cannot write");
        }
        written += static_cast<std::size_t>(n);
    }
    // mkstemp creates 0600; give the result the permissions a normally created file would have.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd.get(), 0666 & ~mask) != 0 || ::fsync(fd.get()) != 0)
        return abandon("cannot finish writing");
    if (::rename(temporary.c_str(), path.c_str()) != 0)
        return abandon("cannot rename into place");
    return {};
}

} // namespace lf
