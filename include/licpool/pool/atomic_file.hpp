// licpool: license pools for PBX, dialer and contact-center software.
// Distributed under the Boost Software License, Version 1.0.
#ifndef LICPOOL_POOL_ATOMIC_FILE_HPP
#define LICPOOL_POOL_ATOMIC_FILE_HPP

#include <licpool/core/concat.hpp>
#include <licpool/core/expected.hpp>
#include <licpool/pool/write_step.hpp>

#include <atomic>
#include <cstdio>
#include <string>
#include <string_view>

// On POSIX, rename(2) replaces the target atomically and the folder is found from the path's
// text, so <filesystem> (costly to compile) is needed only elsewhere, where std::rename may
// refuse to replace an existing file and std::filesystem::rename does.
#if defined(__unix__) || defined(__APPLE__)
#  include <fcntl.h>
#  include <unistd.h>
#  define LICPOOL_POSIX_FILES 1
#else
#  include <filesystem>
#  include <system_error>
#endif

#if !defined(LICPOOL_EXPECTED_MISSING) // no expected type: core/expected.hpp says so, once
namespace licpool {

namespace detail {

#if defined(LICPOOL_POSIX_FILES)
/// The folder holding `path`, as std::filesystem::path::parent_path gives it ("." for a bare
/// file name), for syncing the folder after the rename.
inline std::string folder_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) {
        return ".";
    }
    const auto end = path.find_last_not_of('/', slash);
    return end == std::string::npos ? std::string{"/"} : path.substr(0, end + 1);
}
#endif

} // namespace detail

/// Writes `contents` to `path` atomically: a temporary file in the same folder, flushed to
/// disk, then renamed over `path`. Readers of `path` see the old contents or the new, whole.
/// (Called as a function; a template only so that its code is compiled in the translation
/// units that call it: scripts/compile-times.)
template <class Unused = void>
[[nodiscard]] expected_in<void, Unused> write_file_atomically(const std::string& path, std::string_view contents,
                                            const write_step_hook& before = {}) {
    const auto at = [&](write_step s) { return !before || before(s); };
    static std::atomic<unsigned> counter{0};
    const std::string temporary = detail::concat(path, ".tmp-", std::to_string(counter.fetch_add(1)));
    const auto failed = [&](const char* what) -> expected<void> {
        return fail(errc::io_error).subject(path).note(what);
    };
    if (!at(write_step::create_temporary)) {
        return failed("create the temporary file for");
    }
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) {
        return failed("create the temporary file for");
    }
    const auto abandon = [&](const char* what) {
        std::fclose(file);
        std::remove(temporary.c_str());
        return failed(what);
    };
    const std::size_t half = contents.size() / 2;
    if (!at(write_step::write_first_half)) {
        return failed("write");
    }
    if (std::fwrite(contents.data(), 1, half, file) != half) {
        return abandon("write");
    }
    if (!at(write_step::write_second_half)) {
        return failed("write");
    }
    if (std::fwrite(contents.data() + half, 1, contents.size() - half, file) != contents.size() - half) {
        return abandon("write");
    }
    if (!at(write_step::flush)) {
        return failed("flush");
    }
    if (std::fflush(file) != 0) {
        return abandon("flush");
    }
#if defined(LICPOOL_POSIX_FILES)
    if (::fsync(::fileno(file)) != 0) {
        return abandon("flush to disk");
    }
#endif
    if (!at(write_step::close)) {
        return failed("close");
    }
    if (std::fclose(file) != 0) {
        std::remove(temporary.c_str());
        return failed("close");
    }
    if (!at(write_step::rename)) {
        return failed("rename the temporary file over");
    }
#if defined(LICPOOL_POSIX_FILES)
    const bool renamed = std::rename(temporary.c_str(), path.c_str()) == 0;
#else
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    const bool renamed = !ec;
#endif
    if (!renamed) {
        std::remove(temporary.c_str());
        return failed("rename the temporary file over");
    }
    if (!at(write_step::sync_directory)) {
        return failed("sync the folder of");
    }
#if defined(LICPOOL_POSIX_FILES)
    const std::string folder = detail::folder_of(path);
    const int fd = ::open(folder.c_str(), O_RDONLY);
    if (fd >= 0) {
        (void)::fsync(fd); // some file systems refuse to sync a folder; the rename stands
        ::close(fd);
    }
#endif
    return {};
}

/// The whole contents of the file at `path`. (A template for the same reason.)
template <class Unused = void>
[[nodiscard]] expected_in<std::string, Unused> read_file(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        return fail(errc::io_error).subject(path).note("open");
    }
    std::string out;
    char buffer[8192];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) {
        out.append(buffer, n);
    }
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed) {
        return fail(errc::io_error).subject(path).note("read");
    }
    return out;
}

} // namespace licpool
#endif // !defined(LICPOOL_EXPECTED_MISSING)

#endif // LICPOOL_POOL_ATOMIC_FILE_HPP
