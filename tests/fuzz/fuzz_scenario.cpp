// libFuzzer target: scenario files, from any bytes, through the runner of `licpool audit`
// (the simulate commands plus tenants, users, usage factors, licenses and audits).
// Beyond "no crash, no sanitizer report", it checks that a run ends with status 0 or 2 and
// that a status 2 comes with exactly one `error: line <n>:` message.
#include "../../tools/licpool/audit_scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {
void require(bool holds) {
    if (!holds) {
        std::abort();
    }
}

// Numbers above 999 only make runs slow (a million acquire attempts), never different.
bool reasonable(const std::string& text) {
    std::size_t digits = 0;
    for (const char c : text) {
        digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
        if (digits > 3) {
            return false;
        }
    }
    return text.size() <= 4096;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        text[i] = static_cast<char>(data[i]);
    }
    if (!reasonable(text)) {
        return 0;
    }
    std::istringstream in{text};
    std::ostringstream out;
    std::ostringstream err;
    licpool_cli::audit_scenario run{licpool::presets::web_portal()};
    const int status = run.run(in, out, err);
    require(status == 0 || status == 2);
    const std::string errors = err.str();
    if (status == 0) {
        require(errors.empty());
    } else {
        require(errors.rfind("error: line ", 0) == 0);
        require(errors.find('\n') == errors.size() - 1);
    }
    return 0;
}
