// Reading the vendor secret for `licpool keygen` and `licpool verify`.
#ifndef LICPOOL_EXAMPLES_CLI_SECRET_FILE_HPP
#define LICPOOL_EXAMPLES_CLI_SECRET_FILE_HPP

#include <licpool/keys/constant_time.hpp>
#include <licpool/keys/vendor_secret.hpp>

#include <fstream>
#include <optional>
#include <ostream>
#include <string>

namespace licpool_cli {

/// The secret in the file at `path`, raw bytes, all of them. On failure it says why on
/// `err` (prefixed with `command`) and returns nothing. The bytes read are wiped once the
/// vendor_secret has its own copy.
inline std::optional<licpool::vendor_secret> read_secret_file(const std::string& path, const std::string& command,
                                                              std::ostream& err) {
    std::ifstream in{path, std::ios::binary | std::ios::ate};
    const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
    if (size < 0) {
        err << command << ": cannot read the secret file '" << path << "'\n";
        return std::nullopt;
    }
    // Read into one buffer of the final size, so no reallocation leaves a copy behind.
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in) {
        licpool::secure_wipe(bytes.data(), bytes.size());
        err << command << ": cannot read the secret file '" << path << "'\n";
        return std::nullopt;
    }
    auto secret = licpool::vendor_secret::make(bytes);
    licpool::secure_wipe(bytes.data(), bytes.size());
    if (!secret) {
        err << command << ": the secret file '" << path << "' is refused: " << secret.error().message() << '\n';
        return std::nullopt;
    }
    return std::move(*secret);
}

} // namespace licpool_cli

#endif // LICPOOL_EXAMPLES_CLI_SECRET_FILE_HPP
