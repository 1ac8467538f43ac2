// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_STABLE_VECTOR_HPP
#define LICPOOL_POOL_DETAIL_STABLE_VECTOR_HPP

#include <licpool/core/version.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// A growable array whose elements never move, readable without a lock while one writer
/// (holding the pool's lock) appends.
///
/// The acquire fast path reaches a job's counters by index while another thread may be
/// starting a job: a std::vector could reallocate under it. Elements live in fixed chunks of
/// `ChunkSize`, found through a directory of `MaxChunks` chunk pointers that is allocated
/// once, so an index stays valid for the life of the container and a lookup is two loads.
template <class T, std::size_t ChunkSize = 1024, std::size_t MaxChunks = 4096>
class stable_vector {
    static_assert((ChunkSize & (ChunkSize - 1)) == 0, "ChunkSize must be a power of two");

public:
    stable_vector() = default;
    stable_vector(const stable_vector&) = delete;
    stable_vector& operator=(const stable_vector&) = delete;

    ~stable_vector() {
        const std::size_t n = size_.load(std::memory_order_relaxed);
        for (std::size_t i = 0; i < n; ++i) {
            slot(i)->~T();
        }
        for (auto& chunk : chunks_) {
            ::operator delete(chunk.load(std::memory_order_relaxed), std::align_val_t{alignof(T)});
        }
    }

    static constexpr std::size_t max_size() noexcept { return ChunkSize * MaxChunks; }

    std::size_t size() const noexcept { return size_.load(std::memory_order_acquire); }
    bool full() const noexcept { return size() == max_size(); }

    /// Appends an element and publishes it at once; the caller holds the writer's lock and has
    /// checked `full()`.
    template <class... Args>
    T& emplace_back(Args&&... args) {
        T& element = prepare_back(std::forward<Args>(args)...);
        publish_back();
        return element;
    }

    /// Constructs the next element without publishing it: readers go on seeing the old size,
    /// so the writer can fill the element in before `publish_back()` makes it visible, whole.
    /// Until then nothing else may be appended, and `size()` does not count it.
    template <class... Args>
    T& prepare_back(Args&&... args) {
        const std::size_t n = size_.load(std::memory_order_relaxed);
        auto& chunk = chunks_[n / ChunkSize];
        if (chunk.load(std::memory_order_relaxed) == nullptr) {
            chunk.store(static_cast<T*>(::operator new(sizeof(T) * ChunkSize, std::align_val_t{alignof(T)})),
                        std::memory_order_release);
        }
        return *::new (static_cast<void*>(slot(n))) T(std::forward<Args>(args)...);
    }

    /// Publishes the prepared element: a reader that sees the new size (acquire) sees every
    /// write made to the element, and before it, by the writer (release).
    void publish_back() noexcept {
        size_.store(size_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }

    T& operator[](std::size_t i) noexcept { return *slot(i); }
    const T& operator[](std::size_t i) const noexcept { return *slot(i); }

private:
    T* slot(std::size_t i) const noexcept {
        return chunks_[i / ChunkSize].load(std::memory_order_acquire) + (i % ChunkSize);
    }

    std::array<std::atomic<T*>, MaxChunks> chunks_{};
    std::atomic<std::size_t> size_{0};
};

} // namespace licpool::detail
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_STABLE_VECTOR_HPP
