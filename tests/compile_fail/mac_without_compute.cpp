// A Mac policy without compute(): the validator must say which member is missing.
#include <licpool/keys/feature_key_validator.hpp>

#include <array>
#include <cstdint>

struct mac_without_compute {
    using digest_type = std::array<std::uint8_t, 32>;
};

template class licpool::feature_key_validator<mac_without_compute>;
