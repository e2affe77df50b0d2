// SPDX-License-Identifier: GPL-3.0-or-later
// Every built-in kernel family, one line each; each family registers its ops one line per op.
#include "core/interpreter/kernel_registry.h"

#include "core/interpreter/kernels/activations.h"
#include "core/interpreter/kernels/binary.h"
#include "core/interpreter/kernels/concatenation.h"
#include "core/interpreter/kernels/conv.h"
#include "core/interpreter/kernels/fully_connected.h"
#include "core/interpreter/kernels/lstm.h"
#include "core/interpreter/kernels/pooling.h"
#include "core/interpreter/kernels/quantize.h"
#include "core/interpreter/kernels/reduce.h"
#include "core/interpreter/kernels/reshape.h"
#include "core/interpreter/kernels/resize.h"
#include "core/interpreter/kernels/slice.h"
#include "core/interpreter/kernels/softmax.h"
#include "core/interpreter/kernels/transpose.h"
#include "core/interpreter/kernels/unary.h"

namespace lf::interp {

void registerKernels(KernelRegistry& registry)
{
    registerActivationKernels(registry);
    registerBinaryKernels(registry);
    registerConcatenationKernels(registry);
    registerConvKernels(registry);
    registerLstmKernels(registry);
    registerMatmulKernels(registry);
    registerPoolingKernels(registry);
    registerQuantizeKernels(registry);
    registerReduceKernels(registry);
    registerReshapeKernels(registry);
    registerResizeKernels(registry);
    registerSliceKernels(registry);
    registerSoftmaxKernels(registry);
    registerTransposeKernels(registry);
    registerUnaryKernels(registry);
}

} // namespace lf::interp
