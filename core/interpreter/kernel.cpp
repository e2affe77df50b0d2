// SPDX-License-Identifier: GPL-3.0-or-later
// Shared checks for kernel prepare().
#include "core/interpreter/kernel.h"

namespace lf::interp {

std::unexpected<Error> kernelError(const KernelArgs&, std::string message)
{
    // The interpreter prefixes the node's label when it reports the error.
    return fail(ErrorCode::UnsupportedFeature, std::move(message));
}

Result<void> checkArity(const KernelArgs& args, std::size_t minInputs, std::size_t maxInputs, std::size_t outputs)
{
    if (args.inputs.size() < minInputs || args.inputs.size() > maxInputs)
        return kernelError(args, "takes " + std::to_string(minInputs)
                                     + (maxInputs != minInputs ? " to " + std::to_string(maxInputs) : std::string())
                                     + " inputs, not " + std::to_string(args.inputs.size()));
    for (std::size_t i = 0; i < minInputs; ++i) {
        if (!args.inputs[i])
            return kernelError(args, "input " + std::to_string(i) + " is required");
    }
    if (args.outputs.size() != outputs)
        return kernelError(args, "has " + std::to_string(args.outputs.size()) + " outputs, expected " + std::to_string(outputs));
    return {};
}

} // namespace lf::interp
