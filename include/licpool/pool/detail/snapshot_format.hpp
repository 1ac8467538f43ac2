// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_DETAIL_SNAPSHOT_FORMAT_HPP
#define LICPOOL_POOL_DETAIL_SNAPSHOT_FORMAT_HPP

// The whole snapshot codec (DESIGN 7), for code that both writes and reads snapshots: the
// pool, and the tests and fuzzers that sign texts of their own. The format is described in
// snapshot_state.hpp.
#include <licpool/pool/detail/snapshot_reader.hpp>
#include <licpool/pool/detail/snapshot_report_reader.hpp>
#include <licpool/pool/detail/snapshot_state.hpp>
#include <licpool/pool/detail/snapshot_tokens.hpp>
#include <licpool/pool/detail/snapshot_writer.hpp>

#endif // LICPOOL_POOL_DETAIL_SNAPSHOT_FORMAT_HPP
