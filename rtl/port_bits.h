// Packing per-lane fields into Verilated bus ports. Verilator gives a bus of up to 8, 16, 32
// or 64 bits a plain integer (CData, SData, IData, QData) and a wider bus a VlWide<N> of
// 32-bit words; BusWords is a word image of either, filled field by field and then stored.
#pragma once

#include <verilated.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace npusim::rtl {

class BusWords {
 public:
  static constexpr int kMaxWords = 16;  // 512 bits: LANES * ACC_W of every built shape

  void clear() { words_.fill(0); }
  // Writes the low `width` bits (1..64) of `value` at bit `lsb`.
  void put(int lsb, int width, std::uint64_t value) {
    if (width < 64) value &= (std::uint64_t{1} << width) - 1;
    int word = lsb >> 5;
    const int offset = lsb & 31;
    words_[word] |= static_cast<std::uint32_t>(value << offset);
    int done = 32 - offset;
    while (done < width) {
      ++word;
      words_[word] |= static_cast<std::uint32_t>(value >> done);
      done += 32;
    }
  }
  // Reads `width` bits (1..32) at bit `lsb`, zero-extended.
  std::uint32_t get(int lsb, int width) const {
    const int word = lsb >> 5;
    const int offset = lsb & 31;
    std::uint64_t pair = words_[word];
    if (offset + width > 32) pair |= static_cast<std::uint64_t>(words_[word + 1]) << 32;
    return static_cast<std::uint32_t>((pair >> offset) & ((std::uint64_t{1} << width) - 1));
  }

  std::uint32_t word(int index) const { return words_[index]; }
  void set_word(int index, std::uint32_t value) { words_[index] = value; }

  void store(CData& port) const { port = static_cast<CData>(words_[0]); }
  void store(SData& port) const { port = static_cast<SData>(words_[0]); }
  void store(IData& port) const { port = words_[0]; }
  void store(QData& port) const { port = words_[0] | (static_cast<QData>(words_[1]) << 32); }
  template <std::size_t N>
  void store(VlWide<N>& port) const {
    static_assert(N <= kMaxWords, "bus wider than BusWords");
    for (std::size_t i = 0; i < N; ++i) port[i] = words_[i];
  }

  void load(CData port) { words_[0] = port; }
  void load(SData port) { words_[0] = port; }
  void load(IData port) { words_[0] = port; }
  void load(QData port) {
    words_[0] = static_cast<std::uint32_t>(port);
    words_[1] = static_cast<std::uint32_t>(port >> 32);
  }
  template <std::size_t N>
  void load(const VlWide<N>& port) {
    static_assert(N <= kMaxWords, "bus wider than BusWords");
    for (std::size_t i = 0; i < N; ++i) words_[i] = port[i];
  }

 private:
  // One spare word so put() may touch the word after the last one without a bounds test.
  std::array<std::uint32_t, kMaxWords + 1> words_{};
};

// Sign-extends the low `width` bits of `bits`.
inline std::int32_t sign_extend(std::uint32_t bits, int width) {
  const std::uint32_t sign = std::uint32_t{1} << (width - 1);
  return static_cast<std::int32_t>((bits ^ sign) - sign);
}

}  // namespace npusim::rtl
