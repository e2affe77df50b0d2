// SPDX-License-Identifier: GPL-3.0-or-later
// A fixed pool of worker threads for data-parallel loops inside one operation (kernels, calibration
// batches). The calling thread takes part in the work, so a pool of N threads uses N cores.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lf {

class ThreadPool final {
public:
    /// `threads` <= 0 means one per hardware core.
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int threadCount() const { return static_cast<int>(m_workers.size()) + 1; }

    /// Calls body(begin, end) on disjoint ranges covering [0, count), in parallel, and returns when all
    /// are done. Ranges hold at least `minChunk` items, so small loops stay on the calling thread.
    /// Not re-entrant: body must not call parallelFor on the same pool.
    void parallelFor(std::int64_t count, std::int64_t minChunk,
                     const std::function<void(std::int64_t begin, std::int64_t end)>& body);

private:
    void workerLoop(int index);

    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    const std::function<void(std::int64_t, std::int64_t)>* m_body = nullptr;
    std::int64_t m_count = 0;
    std::int64_t m_chunk = 0;
    std::uint64_t m_generation = 0;
    int m_pending = 0;
    bool m_stopping = false;
};

} // namespace lf
