// SPDX-License-Identifier: GPL-3.0-or-later
// The one result type of the core: every fallible operation returns Result<T>, an std::expected
// whose error names a code, a message, where it happened (file, node, tensor or offset) and notes.
// Core code never throws across its API; third-party exceptions are converted at the call site.
#pragma once

#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace lf {

enum class ErrorCode {
    InvalidArgument,    ///< the caller asked for something impossible (bad option, unknown name)
    Io,                 ///< a file could not be opened, read or written
    InvalidModel,       ///< a model file is malformed: wrong magic, truncated, broken references
    UnsupportedOp,      ///< a well-formed op that this stage cannot handle
    UnsupportedFeature, ///< a well-formed feature other than an op (dtype, sparsity, ...)
    ShapeMismatch,      ///< tensor shapes or dtypes disagree
    Cancelled,          ///< the user cancelled; a terminal outcome, never a partial success
    Internal,           ///< an invariant of our own code did not hold
};

/// A short lower-case name for the code, used in CLI messages and JSON.
const char* errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string where;
    std::vector<std::string> notes;

    /// "where: message" (or just the message when there is no location).
    std::string toString() const;

    /// Returns the error with `context` prepended to `where` ("file.tflite: operator #3").
    Error in(std::string_view context) &&;
};

template <class T = void>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string where = {})
{
    return std::unexpected(Error{code, std::move(message), std::move(where), {}});
}

} // namespace lf
