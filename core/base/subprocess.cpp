// SPDX-License-Identifier: GPL-3.0-or-later
// posix_spawn with one pipe for the child's stdout and stderr; the parent polls the pipe in short
// intervals so it notices cancellation and the deadline while the child runs.
#include "core/base/subprocess.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace lf {

namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;
constexpr int kPollMs = 100;

/// Closes a file descriptor when it goes out of scope.
struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

void killAndReap(pid_t child)
{
    ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) { }
}

void appendOutput(std::string& output, const char* data, std::size_t size)
{
    output.append(data, size);
    if (output.size() > kMaxOutput)
        output.erase(0, output.size() - kMaxOutput);
}

Result<pid_t> spawn(const std::filesystem::path& program, const std::vector<std::string>& arguments,
    int outputFd)
{
    std::vector<std::string> strings{program.string()};
    strings.insert(strings.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& text : strings)
        argv.push_back(text.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outputFd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, outputFd, STDERR_FILENO);
    pid_t child = 0;
    const int error = ::posix_spawn(&child, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0)
        return fail(ErrorCode::Io, std::string("cannot start: ") + std::strerror(error),
            program.string());
    return child;
}

} // namespace

Result<ProcessResult> runProcess(const std::filesystem::path& program,
    const std::vector<std::string>& arguments, std::chrono::seconds timeout, TaskContext& context)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return fail(ErrorCode::Io, std::string("cannot create a pipe: ") + std::strerror(errno));
    FileDescriptor readEnd{fds[0]};
    FileDescriptor writeEnd{fds[1]};
    const Result<pid_t> child = spawn(program, arguments, writeEnd.fd);
    if (!child)
        return std::unexpected(child.error());
    ::close(writeEnd.fd);
    writeEnd.fd = -1;

    ProcessResult result;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (bool open = true; open;) {
        if (context.isCancelled()) {
            killAndReap(*child);
            return fail(ErrorCode::Cancelled, "cancelled");
        }
        if (std::chrono::steady_clock::now() > deadline) {
            killAndReap(*child);
            return fail(ErrorCode::Internal,
                "did not finish within " + std::to_string(timeout.count()) + " s",
                program.string());
        }
        pollfd entry{readEnd.fd, POLLIN, 0};
        if (::poll(&entry, 1, kPollMs) <= 0)
            continue; // timeout, or EINTR from Ctrl+C: check both again
        char buffer[4096];
        const ssize_t count = ::read(readEnd.fd, buffer, sizeof buffer);
        if (count > 0)
            appendOutput(result.output, buffer, static_cast<std::size_t>(count));
        open = count > 0 || (count < 0 && errno == EINTR);
    }
    int status = 0;
    while (::waitpid(*child, &status, 0) < 0 && errno == EINTR) { }
    if (context.isCancelled())
        return fail(ErrorCode::Cancelled, "cancelled");
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::optional<std::filesystem::path> findExecutable(const std::string& name)
{
    const auto isExecutableFile = [](const std::filesystem::path& path) {
        std::error_code error;
        return std::filesystem::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
    };
    if (name.find('/') != std::string::npos)
        return isExecutableFile(name) ? std::optional<std::filesystem::path>(name) : std::nullopt;
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (!rest.empty()) {
        const std::size_t colon = rest.find(':');
        const std::string_view folder = rest.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        const std::filesystem::path candidate
            = std::filesystem::path(folder.empty() ? "." : folder) / name;
        if (isExecutableFile(candidate))
            return candidate;
    }
    return std::nullopt;
}

} // namespace lf
