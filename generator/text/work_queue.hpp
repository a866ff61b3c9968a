// Runs independent jobs on every core: a shared counter hands out the next
// job, so a slow job never holds up the others, and each worker keeps its own
// state (a renderer with its parsed templates), so workers share nothing
// mutable and take no lock.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace gazette {

// How many workers to use: `jobs`, or one per core when it is 0.
inline unsigned worker_count(unsigned jobs) {
    if (jobs != 0) return jobs;
    return std::max(1U, std::thread::hardware_concurrency());
}

// Calls job(state, i) for every i in [0, count), on up to `workers` threads,
// each with its own `state` from make_state(). The first exception thrown
// stops the handing out of jobs and is rethrown here once all have stopped.
template <typename MakeState, typename Job>
void parallel_for(std::size_t count, unsigned workers, MakeState make_state, Job job) {
    if (count == 0) return;
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_lock;
    auto work = [&] {
        try {
            auto state = make_state();
            for (std::size_t i = next++; i < count; i = next++) job(state, i);
        } catch (...) {
            std::lock_guard<std::mutex> hold(failure_lock);
            if (!failure) failure = std::current_exception();
            next = count;
        }
    };
    const std::size_t threads = std::min<std::size_t>(workers, count);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();  // this thread is a worker too
    for (auto& thread : pool) thread.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace gazette
