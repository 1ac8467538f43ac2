// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_CODEC_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_CODEC_HPP

#include <licpool/core/version.hpp>

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool::detail {

/// How `license_pool`'s snapshot members (DESIGN 7) reach the snapshot codec and the file
/// writing: through this template, which <licpool/pool/persistence.hpp> specializes for the
/// pool's parts. The pool's header holds only this unspecialized form, and the members name
/// it through the pool's template parameters, so the codec (and <filesystem>) is compiled by
/// the hosts that save or restore, not by every host that includes the pool.
template <class Parts>
struct snapshot_codec {
    static constexpr bool available = false;
};

/// Checked by each snapshot member, so a host that calls one without the codec reads which
/// header to include instead of a missing member of `snapshot_codec`.
template <class Parts>
constexpr bool check_snapshot_codec() {
    static_assert(snapshot_codec<Parts>::available,
                  "license_pool's snapshot members (snapshot, save_snapshot, restore_snapshot, load_snapshot) "
                  "need the snapshot codec: #include <licpool/pool/persistence.hpp> or <licpool/licpool.hpp> "
                  "(see DESIGN.md section 7)");
    return snapshot_codec<Parts>::available;
}

} // namespace licpool::detail

#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_CODEC_HPP
