// SPDX-License-Identifier: GPL-3.0-or-later
// Text forms of errors.
#include "core/base/result.h"

namespace lf {

const char* errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::Io: return "io";
    case ErrorCode::InvalidModel: return "invalid-model";
    case ErrorCode::UnsupportedOp: return "unsupported-op";
    case ErrorCode::UnsupportedFeature: return "unsupported-feature";
    case ErrorCode::ShapeMismatch: return "shape-mismatch";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal";
    }
    return "unknown";
}

std::string Error::toString() const
{
    return where.empty() ? message : where + ": " + message;
}

Error Error::in(std::string_view context) &&
{
    if (where.empty())
        where = std::string(context);
    else
        where = std::string(context) + ": " + where;
    return std::move(*this);
}

} // namespace lf
