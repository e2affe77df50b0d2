// SPDX-License-Identifier: GPL-3.0-or-later
// Implementation of the thread pool: one generation of work at a time, split into equal chunks.
#include "core/base/thread_pool.h"

#include <algorithm>

namespace lf {

ThreadPool::ThreadPool(int threads)
{
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i < threads; ++i)
        m_workers.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread& worker : m_workers)
        worker.join();
}

void ThreadPool::parallelFor(std::int64_t count, std::int64_t minChunk,
                             const std::function<void(std::int64_t, std::int64_t)>& body)
{
    if (count <= 0)
        return;
    const std::int64_t wanted = std::min<std::int64_t>(threadCount(), std::max<std::int64_t>(1, count / std::max<std::int64_t>(minChunk, 1)));
    if (wanted <= 1) {
        body(0, count);
        return;
    }
    const std::int64_t chunk = (count + wanted - 1) / wanted;
    const std::int64_t parts = (count + chunk - 1) / chunk; // every part below `parts` is non-empty
    {
        std::lock_guard lock(m_mutex);
        m_body = &body;
        m_count = count;
        m_chunk = chunk;
        m_pending = static_cast<int>(parts) - 1;
        ++m_generation;
    }
    m_wake.notify_all();
    body(0, std::min(chunk, count)); // the caller takes chunk 0
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_pending == 0; });
    m_body = nullptr;
}

void ThreadPool::workerLoop(int index)
{
    std::uint64_t seen = 0;
    while (true) {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stopping || m_generation != seen; });
        if (m_stopping)
            return;
        seen = m_generation;
        const std::int64_t begin = m_chunk * index;
        if (begin >= m_count)
            continue; // fewer chunks than workers in this generation
        const auto* body = m_body;
        const std::int64_t end = std::min(begin + m_chunk, m_count);
        lock.unlock();
        (*body)(begin, end);
        lock.lock();
        if (--m_pending == 0)
            m_done.notify_one();
    }
}

} // namespace lf
