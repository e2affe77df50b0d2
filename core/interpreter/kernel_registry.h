// SPDX-License-Identifier: GPL-3.0-or-later
// Which kernel runs which op: an explicit table filled by registerKernels() (one line per op in
// register_kernels.cpp), no static self-registration.
#pragma once

#include "core/interpreter/kernel.h"
#include "core/ir/op_kind.h"

#include <array>
#include <memory>

namespace lf::interp {

using KernelFactory = std::unique_ptr<Kernel> (*)();

class KernelRegistry final {
public:
    /// The registry with every built-in kernel.
    static const KernelRegistry& builtin();

    void add(ir::OpKind op, KernelFactory factory);
    KernelFactory find(ir::OpKind op) const;

private:
    std::array<KernelFactory, static_cast<std::size_t>(ir::OpKind::Opaque) + 1> m_factories{};
};

/// Defined in register_kernels.cpp.
void registerKernels(KernelRegistry& registry);

} // namespace lf::interp
