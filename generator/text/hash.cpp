#include "text/hash.hpp"

#include <xxhash.h>

#include <cstdio>

namespace gazette {

std::uint64_t hash_bytes(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string hex64(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

struct Hasher::State {
    XXH3_state_t* xxh = XXH3_createState();
    ~State() { XXH3_freeState(xxh); }
};

Hasher::Hasher() : state_(std::make_unique<State>()) { XXH3_64bits_reset(state_->xxh); }
Hasher::~Hasher() = default;

Hasher& Hasher::add(std::uint64_t value) {
    XXH3_64bits_update(state_->xxh, &value, sizeof value);
    return *this;
}

Hasher& Hasher::add(std::string_view bytes) {
    add(static_cast<std::uint64_t>(bytes.size()));
    XXH3_64bits_update(state_->xxh, bytes.data(), bytes.size());
    return *this;
}

std::uint64_t Hasher::digest() const { return XXH3_64bits_digest(state_->xxh); }

}  // namespace gazette
