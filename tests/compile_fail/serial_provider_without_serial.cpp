// A SerialProvider without serial(): the validator must say which member is missing.
#include <licpool/keys/feature_key_validator.hpp>

#include <string>

struct serial_provider_without_serial {
    std::string id() const { return "LP-0001"; }
};

template class licpool::feature_key_validator<licpool::hmac_sha256, serial_provider_without_serial>;
