// SPDX-License-Identifier: GPL-3.0-or-later
// The kernel table.
#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

const KernelRegistry& KernelRegistry::builtin()
{
    static const KernelRegistry registry = [] {
        KernelRegistry filled;
        registerKernels(filled);
        return filled;
    }();
    return registry;
}

void KernelRegistry::add(ir::OpKind op, KernelFactory factory)
{
    m_factories[static_cast<std::size_t>(op)] = factory;
}

KernelFactory KernelRegistry::find(ir::OpKind op) const
{
    return m_factories[static_cast<std::size_t>(op)];
}

} // namespace lf::interp
