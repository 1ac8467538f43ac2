// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_CALL_LEASES_HPP
#define LICPOOL_POOL_CALL_LEASES_HPP

#include <licpool/core/ids.hpp>
#include <licpool/pool/lease.hpp>

#include <array>
#include <cstddef>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

namespace detail {
template <class Allocator>
class attempt_protocol;
} // namespace detail

/// The licenses one call holds together (DESIGN 4.4.1): a telephony port, an ASR and a TTS
/// connection, say, taken all at once by `acquire(job, {kinds...})` and given back together
/// when this is destroyed or `release()` is called. One kind can go back early (a call that
/// stops using TTS) with `release(kind)`. Move-only; it allocates nothing and must not outlive
/// its pool.
class [[nodiscard]] call_leases {
public:
    /// The most kinds one call takes at once.
    static constexpr std::size_t max_kinds = 8;

    call_leases() noexcept = default;
    call_leases(call_leases&& other) noexcept
        : leases_{std::move(other.leases_)}, count_{std::exchange(other.count_, 0)} {}
    call_leases& operator=(call_leases&& other) noexcept {
        if (this != &other) {
            release();
            leases_ = std::move(other.leases_);
            count_ = std::exchange(other.count_, 0);
        }
        return *this;
    }
    call_leases(const call_leases&) = delete;
    call_leases& operator=(const call_leases&) = delete;
    ~call_leases() = default; // each lease gives its license back

    /// How many kinds the call took, and how many it still holds.
    std::size_t size() const noexcept { return count_; }
    std::size_t held() const noexcept {
        std::size_t n = 0;
        for (std::size_t i = 0; i < count_; ++i) {
            n += leases_[i].held() ? 1 : 0;
        }
        return n;
    }

    /// True while the call holds a license of `kind`.
    bool holds(kind_id kind) const noexcept {
        const lease* l = find(kind);
        return l != nullptr && l->held();
    }

    /// Gives the license of `kind` back now; false when the call holds none of that kind.
    bool release(kind_id kind) noexcept {
        lease* l = find(kind);
        if (l == nullptr || !l->held()) {
            return false;
        }
        l->release();
        return true;
    }

    /// Gives every license back now; later calls (and the destructor) do nothing.
    void release() noexcept {
        for (std::size_t i = 0; i < count_; ++i) {
            leases_[i].release();
        }
    }

    /// The lease of each kind, in the order the kinds were named.
    const lease* begin() const noexcept { return leases_.data(); }
    const lease* end() const noexcept { return leases_.data() + count_; }

private:
    template <class>
    friend class detail::attempt_protocol; // DESIGN 4.4.1: fills a call's leases

    void add(lease l) noexcept { leases_[count_++] = std::move(l); }

    lease* find(kind_id kind) noexcept {
        for (std::size_t i = 0; i < count_; ++i) {
            if (leases_[i].kind() == kind) {
                return &leases_[i];
            }
        }
        return nullptr;
    }
    const lease* find(kind_id kind) const noexcept { return const_cast<call_leases*>(this)->find(kind); }

    std::array<lease, max_kinds> leases_{};
    std::size_t count_ = 0;
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_CALL_LEASES_HPP
