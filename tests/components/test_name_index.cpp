// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.

#include "licpool_catch.hpp"

#include <licpool/pool/detail/name_index.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

// The records the index finds: names by index, as the job table's records hold them.
struct name_index_records {
    std::vector<std::string> names;
    licpool::detail::name_index index;

    auto name_of() const {
        return [this](std::uint32_t i) -> const std::string& { return names[i]; };
    }
    std::uint32_t add(std::string name) {
        const auto i = static_cast<std::uint32_t>(names.size());
        names.push_back(std::move(name));
        index.insert(i, name_of());
        return i;
    }
};

} // namespace

TEST_CASE("name index: finds every name added, and no other", "[components][name_index]") {
    name_index_records r;
    CHECK_FALSE(r.index.find("job-0", r.name_of()));
    for (int i = 0; i < 3000; ++i) {
        r.add("job-" + std::to_string(i));
    }
    CHECK(r.index.size() == 3000);
    for (std::uint32_t i = 0; i < 3000; ++i) {
        const auto found = r.index.find(r.names[i], r.name_of());
        REQUIRE(found);
        CHECK(*found == i);
    }
    CHECK_FALSE(r.index.find("job-3000", r.name_of()));
    CHECK_FALSE(r.index.find("", r.name_of()));
    CHECK_FALSE(r.index.find("job-", r.name_of()));
}

TEST_CASE("name index: erasing keeps every other name found (random adds and erases against a map)",
          "[components][name_index]") {
    // Few names in a small table, so that probe sequences cross each other and wrap around
    // the table's end: erasure's backward shift must not cut any of them.
    name_index_records r;
    std::map<std::string, std::uint32_t> model;
    std::mt19937 random{16};
    for (int step = 0; step < 20000; ++step) {
        const std::string name = "n" + std::to_string(random() % 40);
        const auto it = model.find(name);
        if (it == model.end()) {
            model.emplace(name, r.add(name));
        } else if (random() % 2 == 0) {
            r.index.erase(name, r.name_of());
            model.erase(it);
        }
        if (step % 97 == 0) {
            REQUIRE(r.index.size() == model.size());
            for (int n = 0; n < 40; ++n) {
                const std::string probe = "n" + std::to_string(n);
                const auto want = model.find(probe);
                const auto found = r.index.find(probe, r.name_of());
                REQUIRE(found.has_value() == (want != model.end()));
                if (found) {
                    REQUIRE(*found == want->second);
                }
            }
        }
    }
}

TEST_CASE("name index: erasing an unknown name changes nothing; a name can come back",
          "[components][name_index]") {
    name_index_records r;
    const auto a = r.add("alpha");
    r.add("beta");
    r.index.erase("gamma", r.name_of());
    CHECK(r.index.size() == 2);
    r.index.erase("alpha", r.name_of());
    CHECK(r.index.size() == 1);
    CHECK_FALSE(r.index.find("alpha", r.name_of()));
    CHECK(r.index.find("beta", r.name_of()) == 1u);
    // A later record may take the name again (a forgotten job's name is free).
    const auto again = r.add("alpha");
    CHECK(again != a);
    CHECK(r.index.find("alpha", r.name_of()) == again);
}

TEST_CASE("name index: the largest index is found whatever its name's hash",
          "[components][name_index]") {
    // The entry with every index bit set is the one that could be mistaken for an empty place.
    std::vector<std::string> names;
    for (int i = 0; i < 600; ++i) {
        names.push_back("x" + std::to_string(i));
    }
    const std::uint32_t last = licpool::detail::name_index::max_index - 1;
    for (const auto& name : names) {
        licpool::detail::name_index index;
        const auto name_of = [&name](std::uint32_t) -> const std::string& { return name; };
        index.insert(last, name_of);
        REQUIRE(index.find(name, name_of) == last);
        index.erase(name, name_of);
        REQUIRE(index.size() == 0);
        REQUIRE_FALSE(index.find(name, name_of));
    }
}
