// Fingerprints: a fast 64-bit hash (xxHash's XXH3) of whatever a result was
// made from. Two inputs with the same fingerprint are taken to be the same.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gazette {

std::uint64_t hash_bytes(std::string_view bytes);
std::string hex64(std::uint64_t value);  // 16 lowercase hex digits

// Adds values one after another; each is length-prefixed, so ("ab","c") and
// ("a","bc") differ.
class Hasher {
public:
    Hasher();
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    Hasher& add(std::string_view bytes);
    Hasher& add(std::uint64_t value);
    [[nodiscard]] std::uint64_t digest() const;
    [[nodiscard]] std::string hex() const { return hex64(digest()); }

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace gazette
