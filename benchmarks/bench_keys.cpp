// Key validation (DESIGN 3) against its baseline, issue 16: OpenSSL's HMAC-SHA256 over the
// bytes a key's MAC covers, with a context keyed once and reused. Also the MAC alone and the
// SHA-256 compression functions of both paths, to show where the time goes.
#include <licpool/licpool.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>

#if defined(LICPOOL_BENCH_OPENSSL)
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#endif

// Every allocation in this program is counted, so that the key benchmarks can report the
// allocations of one validation (the target is none but the entitlement's key text).
namespace {
std::atomic<std::size_t> allocations{0};

// Out of line: GCC 12, seeing an operator delete inlined down to free() meet an operator
// new, reports a mismatch (-Wmismatched-new-delete) that is none; both ends are malloc/free.
[[gnu::noinline]] void* take(std::size_t size) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc{};
}
[[gnu::noinline]] void give_back(void* p) noexcept { std::free(p); }
} // namespace

void* operator new(std::size_t size) { return take(size); }
void* operator new[](std::size_t size) { return take(size); }
void operator delete(void* p) noexcept { give_back(p); }
void operator delete[](void* p) noexcept { give_back(p); }
void operator delete(void* p, std::size_t) noexcept { give_back(p); }
void operator delete[](void* p, std::size_t) noexcept { give_back(p); }

namespace {

const licpool::serial_number bench_serial{"PBX-7F3A-0042"};
const licpool::date issued = licpool::date::from_ymd(2025, 1, 1);
const licpool::date today = licpool::date::from_ymd(2026, 3, 1);

const licpool::vendor_secret& bench_secret() {
    static const licpool::vendor_secret secret = *licpool::vendor_secret::make("licpool benchmark vendor secret");
    return secret;
}

// A perpetual key for 50 telephony ports, as a host types it: grouped by dashes.
const std::string& bench_key() {
    static const std::string key = [] {
        const std::string canonical = *licpool::issue_key(licpool::presets::contact_center(), "telephony_port", 50,
                                                          bench_serial, bench_secret(),
                                                          licpool::key_terms{}.issued_on(issued));
        std::string grouped;
        for (std::size_t i = 0; i < canonical.size(); ++i) {
            if (i > 0 && i % 4 == 0) {
                grouped += '-';
            }
            grouped += canonical[i];
        }
        return grouped;
    }();
    return key;
}

// The bytes the key's MAC covers (DESIGN 3): the normalized serial, then the key's first 8
// bytes. The baseline MACs exactly these.
const std::string& mac_message() {
    static const std::string message = [] {
        std::string m = licpool::normalize_serial(bench_serial.value());
        for (const std::uint8_t byte : licpool::decode_key(bench_key())->head()) {
            m += static_cast<char>(byte);
        }
        return m;
    }();
    return message;
}

void report_allocations(benchmark::State& state, std::size_t before) {
    state.counters["allocs"] = benchmark::Counter(static_cast<double>(allocations.load() - before),
                                                  benchmark::Counter::kAvgIterations);
}

// Parse + MAC + checks of one valid key, through the validator a pool uses (reused).
void validate_key(benchmark::State& state) {
    licpool::feature_key_validator<> validator{licpool::presets::contact_center(), bench_secret(), bench_serial};
    const std::string& key = bench_key();
    if (!validator.validate(key, today)) {
        state.SkipWithError("the key is refused: this would measure a refusal");
        return;
    }
    const std::size_t before = allocations.load();
    for (auto _ : state) {
        auto e = validator.validate(key, today);
        benchmark::DoNotOptimize(e);
    }
    report_allocations(state, before);
}

void key_validation(benchmark::State& state) {
    validate_key(state);
    state.SetLabel(licpool::detail::sha256_compressor() == &licpool::detail::sha256_compress_portable ? "portable"
                                                                                                      : "SHA-NI");
}
BENCHMARK(key_validation);

// The same, forced onto the portable SHA-256 (the path of CPUs without SHA extensions).
void key_validation_portable(benchmark::State& state) {
    auto& compressor = licpool::detail::sha256_compressor();
    const auto chosen = compressor;
    compressor = &licpool::detail::sha256_compress_portable;
    validate_key(state);
    compressor = chosen;
}
BENCHMARK(key_validation_portable);

// The MAC alone: licpool's HMAC-SHA256 keyed once, over the baseline's bytes.
void hmac_sha256_keyed(benchmark::State& state) {
    const auto mac = licpool::hmac_sha256{}.with_key(bench_secret().bytes());
    const std::string& message = mac_message();
    for (auto _ : state) {
        auto digest = mac.compute(message);
        benchmark::DoNotOptimize(digest);
    }
}
BENCHMARK(hmac_sha256_keyed);

template <licpool::detail::sha256_compress_function Compress>
void sha256_compress(benchmark::State& state) {
    std::uint32_t words[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    unsigned char block[64] = {'a', 'b', 'c', 0x80};
    for (auto _ : state) {
        Compress(words, block, 1);
        benchmark::DoNotOptimize(words);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 64);
}
BENCHMARK_TEMPLATE(sha256_compress, &licpool::detail::sha256_compress_portable)->Name("sha256_compress/portable");
#if defined(LICPOOL_DETAIL_SHA256_X86)
void sha256_compress_sha_ni(benchmark::State& state) {
    if (!licpool::detail::sha256_sha_ni_usable()) {
        state.SkipWithError("this CPU lacks the SHA extensions");
        return;
    }
    sha256_compress<&licpool::detail::sha256_compress_sha_ni>(state);
}
BENCHMARK(sha256_compress_sha_ni)->Name("sha256_compress/sha_ni");
#endif

#if defined(LICPOOL_BENCH_OPENSSL)
// The baseline: OpenSSL 3's HMAC-SHA256 through EVP_MAC, keyed once.
struct openssl_hmac {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* keyed = nullptr;

    openssl_hmac() {
        char digest[] = "SHA256";
        const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                     OSSL_PARAM_construct_end()};
        const std::string_view secret = bench_secret().bytes();
        keyed = EVP_MAC_CTX_new(mac);
        if (keyed == nullptr || EVP_MAC_init(keyed, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                                             params) != 1) {
            EVP_MAC_CTX_free(keyed);
            keyed = nullptr;
        }
    }
    openssl_hmac(const openssl_hmac&) = delete;
    openssl_hmac& operator=(const openssl_hmac&) = delete;
    ~openssl_hmac() {
        EVP_MAC_CTX_free(keyed);
        EVP_MAC_free(mac);
    }
};

bool same_as_licpool(const unsigned char* digest, std::size_t size) {
    const auto ours = licpool::hmac_sha256{}.compute(bench_secret().bytes(), mac_message());
    return size == ours.size() && std::equal(ours.begin(), ours.end(), digest);
}

// Reuse by re-initializing with no key: OpenSSL keeps the key (and its pad states).
void openssl_hmac_sha256(benchmark::State& state) {
    openssl_hmac h;
    const auto* message = reinterpret_cast<const unsigned char*>(mac_message().data());
    const std::size_t size = mac_message().size();
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t digest_size = 0;
    if (h.keyed == nullptr || EVP_MAC_init(h.keyed, nullptr, 0, nullptr) != 1 ||
        EVP_MAC_update(h.keyed, message, size) != 1 || EVP_MAC_final(h.keyed, digest, &digest_size, sizeof digest) != 1 ||
        !same_as_licpool(digest, digest_size)) {
        state.SkipWithError("OpenSSL's HMAC-SHA256 failed or differs from licpool's");
        return;
    }
    for (auto _ : state) {
        EVP_MAC_init(h.keyed, nullptr, 0, nullptr);
        EVP_MAC_update(h.keyed, message, size);
        EVP_MAC_final(h.keyed, digest, &digest_size, sizeof digest);
        benchmark::DoNotOptimize(digest);
    }
    state.SetLabel("EVP_MAC_init(ctx, NULL key): reuses the key");
}
BENCHMARK(openssl_hmac_sha256);

// Reuse by duplicating a keyed template for each MAC.
void openssl_hmac_sha256_ctx_dup(benchmark::State& state) {
    openssl_hmac h;
    const auto* message = reinterpret_cast<const unsigned char*>(mac_message().data());
    const std::size_t size = mac_message().size();
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t digest_size = 0;
    if (h.keyed == nullptr) {
        state.SkipWithError("OpenSSL's HMAC-SHA256 is not available");
        return;
    }
    for (auto _ : state) {
        EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(h.keyed);
        EVP_MAC_update(ctx, message, size);
        EVP_MAC_final(ctx, digest, &digest_size, sizeof digest);
        EVP_MAC_CTX_free(ctx);
        benchmark::DoNotOptimize(digest);
    }
    if (!same_as_licpool(digest, digest_size)) {
        state.SkipWithError("OpenSSL's HMAC-SHA256 differs from licpool's");
    }
    state.SetLabel("EVP_MAC_CTX_dup of a keyed template");
}
BENCHMARK(openssl_hmac_sha256_ctx_dup);
#endif

} // namespace

BENCHMARK_MAIN();
