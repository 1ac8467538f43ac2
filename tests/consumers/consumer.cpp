// A host program that only knows licpool through its CMake target.
#include <licpool/licpool.hpp>

#include <iostream>

int main() {
    const auto catalog = licpool::presets::contact_center();
    const auto port = catalog.find("telephony_port");
    if (!port || catalog[*port].platform_cap != 10000) {
        std::cerr << "unexpected catalog\n";
        return 1;
    }
    std::cout << "licpool " << licpool::version_major << '.' << licpool::version_minor << '.'
              << licpool::version_patch << ": " << catalog.size() << " kinds\n";
    return 0;
}
