// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_LEASE_HPP
#define LICPOOL_POOL_LEASE_HPP

#include <licpool/core/ids.hpp>

#include <cstdint>
#include <utility>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

namespace detail {
/// What a lease gives its license back to: the pool that granted it.
class lease_owner {
public:
    virtual void release_license(std::uint32_t slot, kind_id kind) noexcept = 0;

protected:
    lease_owner() = default;
    lease_owner(const lease_owner&) = default;
    lease_owner& operator=(const lease_owner&) = default;
    ~lease_owner() = default;
};
struct lease_access;
} // namespace detail

/// One license a job holds (DESIGN 4.4): a port for one call, say. It is given back when the
/// lease is destroyed or `release()` is called, whichever comes first; releasing twice is
/// harmless. Move-only, like the license it stands for. A lease must not outlive its pool.
class [[nodiscard]] lease {
public:
    /// An empty lease, holding nothing.
    lease() noexcept = default;

    lease(lease&& other) noexcept
        : owner_{std::exchange(other.owner_, nullptr)}, slot_{other.slot_}, job_{other.job_},
          kind_{other.kind_} {}

    lease& operator=(lease&& other) noexcept {
        if (this != &other) {
            release();
            owner_ = std::exchange(other.owner_, nullptr);
            slot_ = other.slot_;
            job_ = other.job_;
            kind_ = other.kind_;
        }
        return *this;
    }

    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;

    ~lease() { release(); }

    /// Gives the license back now; later calls (and the destructor) do nothing.
    void release() noexcept {
        if (owner_ != nullptr) {
            std::exchange(owner_, nullptr)->release_license(slot_, kind_);
        }
    }

    /// True while the lease holds its license.
    bool held() const noexcept { return owner_ != nullptr; }
    explicit operator bool() const noexcept { return held(); }

    job_id job() const noexcept { return job_; }
    kind_id kind() const noexcept { return kind_; }

private:
    friend struct detail::lease_access;

    lease(detail::lease_owner* owner, std::uint32_t slot, job_id job, kind_id kind) noexcept
        : owner_{owner}, slot_{slot}, job_{job}, kind_{kind} {}

    detail::lease_owner* owner_ = nullptr;
    std::uint32_t slot_ = 0;
    job_id job_{};
    kind_id kind_{};
};

namespace detail {
/// How a pool makes the leases it grants (the constructor is private to everyone else).
struct lease_access {
    static lease grant(lease_owner* owner, std::uint32_t slot, job_id job, kind_id kind) noexcept {
        return lease{owner, slot, job, kind};
    }
};
} // namespace detail

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_LEASE_HPP
