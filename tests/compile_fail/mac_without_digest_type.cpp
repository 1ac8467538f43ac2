// A Mac policy without digest_type: the validator must say which member is missing.
#include <licpool/keys/feature_key_validator.hpp>

#include <array>
#include <cstdint>
#include <string_view>

struct mac_without_digest_type {
    std::array<std::uint8_t, 32> compute(std::string_view, std::string_view) const { return {}; }
};

template class licpool::feature_key_validator<mac_without_digest_type>;
