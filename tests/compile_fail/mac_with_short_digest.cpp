// A Mac policy whose digest is shorter than the 96 bits a key keeps: issue_key must refuse it.
#include <licpool/keys/feature_key.hpp>

#include <array>
#include <cstdint>
#include <string_view>

struct mac_with_short_digest {
    using digest_type = std::array<std::uint8_t, 8>;
    digest_type compute(std::string_view, std::string_view) const { return {}; }
};

template licpool::expected<std::string> licpool::issue_key<mac_with_short_digest>(
    const licpool::key_fields&, const licpool::serial_number&, const licpool::vendor_secret&);
