// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_POOL_SNAPSHOTS_HPP
#define LICPOOL_POOL_POOL_SNAPSHOTS_HPP

#include <licpool/core/expected.hpp>
#include <licpool/keys/feature_key_validator.hpp>
#include <licpool/pool/detail/snapshot_codec.hpp>
#include <licpool/pool/snapshot_serial.hpp>
#include <licpool/pool/write_step.hpp>

#include <string>
#include <string_view>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

/// A pool's snapshot members (DESIGN 7): `snapshot`, `save_snapshot`, `restore_snapshot`,
/// `load_snapshot`. `license_pool` derives from it, as from `pool_queries`, so these are the
/// pool's own members (`pool.save_snapshot(path)`); a host never names this class. Apart so
/// that the facade's header holds the calls that run the pool and this one what saves and
/// restores it. Their code is the snapshot codec's, which <licpool/pool/persistence.hpp>
/// (or <licpool/licpool.hpp>) brings: calling one without it is a compile error naming it.
template <class Pool>
class pool_snapshots {
    // expected<T>, built only where a call needs it (core/expected.hpp, compile time).
    template <class T>
    using result = expected_in<T, Pool>;

public:
    /// Everything that must survive a restart, as one moment's versioned text authenticated
    /// with a MAC under the vendor secret: installed keys, the trial registry, the latest
    /// date seen, zones, organizations and their settings, jobs and their settings, users
    /// with their assigned licenses, node leases and the fence counter, the audit history
    /// and the last poll. Calls in progress, logins and attached agents are not kept: after a
    /// restart they start at zero. Usage factors are the host's code, defined again at start.
    std::string snapshot() const {
        using parts_type = typename Pool::parts_type;
        static_assert(detail::check_persistent_validator<typename Pool::validator_type>(), "see the message above");
        static_assert(detail::check_snapshot_codec<parts_type>(), "see the message above");
        using codec = detail::snapshot_codec<parts_type>;
        const auto state = self().read([&] { return codec::capture(self().parts_); });
        return codec::text(self().parts_, state, self().secret_);
    }

    /// Writes `snapshot()` to `path` atomically (a temporary file in the same folder,
    /// flushed to disk, renamed over the old one): a crash leaves the old snapshot or the
    /// new one, never a mix. `before` is for tests (see `write_step_hook`).
    [[nodiscard]] result<void> save_snapshot(const std::string& path, const write_step_hook& before = {}) const {
        using parts_type = typename Pool::parts_type;
        static_assert(detail::check_snapshot_codec<parts_type>(), "see the message above");
        return detail::snapshot_codec<parts_type>::write_file(path, snapshot(), before);
    }

    /// Reads a snapshot back into this pool, which must be fresh (no keys, nodes, jobs, users,
    /// leases or polls yet), re-validating every key. A truncated, damaged, edited, foreign
    /// or future-version snapshot is refused with an error naming the line and the problem
    /// where there is one, and the pool is left as it was.
    [[nodiscard]] result<void> restore_snapshot(std::string_view text) {
        auto restored = restore_snapshot(text, snapshot_serial::same);
        return restored ? result<void>{} : unexpected<error>(restored.error());
    }

    /// DESIGN 7: `restore_snapshot`, saying whether the snapshot may be of another serial.
    /// With `snapshot_serial::exchanged` a snapshot saved under another serial (the feature
    /// key was exchanged) is read: its settings, users and history are kept and its keys,
    /// which are the old serial's, are dropped and named in the result. The MAC guards the
    /// file either way. While the serial provider reports no serial, a snapshot of a serial
    /// is refused `serial_absent`: no key could be checked.
    [[nodiscard]] result<snapshot_restore> restore_snapshot(std::string_view text, snapshot_serial serial) {
        using parts_type = typename Pool::parts_type;
        static_assert(detail::check_persistent_validator<typename Pool::validator_type>(), "see the message above");
        static_assert(detail::check_snapshot_codec<parts_type>(), "see the message above");
        return self().locked([&] {
            return detail::snapshot_codec<parts_type>::restore(self().parts_, text, self().secret_, serial);
        });
    }

    /// `restore_snapshot` of the file at `path`.
    [[nodiscard]] result<void> load_snapshot(const std::string& path) {
        using parts_type = typename Pool::parts_type;
        static_assert(detail::check_snapshot_codec<parts_type>(), "see the message above");
        auto text = detail::snapshot_codec<parts_type>::read_file(path);
        return text ? restore_snapshot(*text) : unexpected<error>(text.error());
    }
    [[nodiscard]] result<snapshot_restore> load_snapshot(const std::string& path, snapshot_serial serial) {
        using parts_type = typename Pool::parts_type;
        static_assert(detail::check_snapshot_codec<parts_type>(), "see the message above");
        auto text = detail::snapshot_codec<parts_type>::read_file(path);
        return text ? restore_snapshot(*text, serial) : unexpected<error>(text.error());
    }

protected:
    pool_snapshots() = default;
    ~pool_snapshots() = default;

private:
    // The pool is complete when a member's body is instantiated.
    const Pool& self() const noexcept { return static_cast<const Pool&>(*this); }
    Pool& self() noexcept { return static_cast<Pool&>(*this); }
};

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_POOL_SNAPSHOTS_HPP
