// The byte loops behind EventBatch::add_first_delimited(): counting separators, and copying a
// delimited body without its separators while noting where each event ends. They run over every
// byte a broker receives, so on x86-64 processors with AVX-512 VBMI2 (checked once, at run time)
// they take 64 bytes a step, with no work per event; elsewhere, and for tests, a plain loop.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define EVENT_ENGINE_DELIMITED_SCAN_AVX512 1
#endif

namespace event_engine::delimited_scan {

// Writes the bytes of in[0, length) that are not `separator` to `out`, and for the k-th separator
// (from 0), at offset p, ends[k] = base + p - k: where its event ends once the separators are
// gone. Returns the bytes written. `out` has room for 64 bytes past them, `ends` for 16 entries
// past the separators' (the fast version stores whole vectors).
inline std::size_t squeeze_plainly(const char* in, std::size_t length, char separator, char* out,
                                   std::uint32_t* ends, std::uint32_t base) noexcept {
  std::size_t written = 0;
  for (std::size_t i = 0; i < length; ++i) {
    if (in[i] == separator) {
      *ends++ = static_cast<std::uint32_t>(base + written);
    } else {
      out[written++] = in[i];
    }
  }
  return written;
}

inline std::size_t count_plainly(const char* in, std::size_t length, char separator) noexcept {
  return static_cast<std::size_t>(std::count(in, in + length, separator));
}

#ifdef EVENT_ENGINE_DELIMITED_SCAN_AVX512

#define EVENT_ENGINE_AVX512_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi2,popcnt")))

// The mask of the first `size` (at most 64) bytes of a step.
EVENT_ENGINE_AVX512_TARGET inline __mmask64 first_bytes(std::size_t size) noexcept {
  return size >= 64 ? ~__mmask64{0} : (__mmask64{1} << size) - 1;
}

EVENT_ENGINE_AVX512_TARGET inline std::size_t squeeze_avx512(const char* in, std::size_t length,
                                                             char separator, char* out, std::uint32_t* ends,
                                                             std::uint32_t base) noexcept {
  const __m512i separators = _mm512_set1_epi8(separator);
  const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  std::size_t written = 0;
  std::size_t seen = 0;  // separators before this step
  for (std::size_t start = 0; start < length; start += 64) {
    const __mmask64 valid = first_bytes(length - start);
    const __m512i bytes = _mm512_maskz_loadu_epi8(valid, in + start);
    const __mmask64 at_separator = _mm512_mask_cmpeq_epi8_mask(valid, bytes, separators);
    const __mmask64 kept = valid & ~at_separator;
    _mm512_storeu_si512(out + written, _mm512_maskz_compress_epi8(kept, bytes));
    written += static_cast<std::size_t>(_mm_popcnt_u64(kept));
    // Sixteen bytes at a time, the separators' offsets less the separators before each.
    for (unsigned quarter = 0; quarter < 4; ++quarter) {
      const auto in_quarter = static_cast<__mmask16>(at_separator >> (16 * quarter));
      const auto offset = static_cast<std::uint32_t>(base + start + 16 * quarter - seen);
      const __m512i candidates = _mm512_add_epi32(lanes, _mm512_set1_epi32(static_cast<int>(offset)));
      // The j-th separator of the quarter, at p, lands in lane j as base + p - seen; less j.
      _mm512_storeu_si512(ends + seen,
                          _mm512_sub_epi32(_mm512_maskz_compress_epi32(in_quarter, candidates), lanes));
      seen += static_cast<std::size_t>(_mm_popcnt_u32(in_quarter));
    }
  }
  return written;
}

EVENT_ENGINE_AVX512_TARGET inline std::size_t count_avx512(const char* in, std::size_t length,
                                                           char separator) noexcept {
  const __m512i separators = _mm512_set1_epi8(separator);
  std::size_t count = 0;
  for (std::size_t start = 0; start < length; start += 64) {
    const __mmask64 valid = first_bytes(length - start);
    const __m512i bytes = _mm512_maskz_loadu_epi8(valid, in + start);
    count += static_cast<std::size_t>(_mm_popcnt_u64(_mm512_mask_cmpeq_epi8_mask(valid, bytes, separators)));
  }
  return count;
}

#undef EVENT_ENGINE_AVX512_TARGET

inline bool has_avx512() noexcept {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("popcnt");
  return has;
}

#endif

inline std::size_t squeeze(const char* in, std::size_t length, char separator, char* out, std::uint32_t* ends,
                           std::uint32_t base) noexcept {
#ifdef EVENT_ENGINE_DELIMITED_SCAN_AVX512
  if (has_avx512()) return squeeze_avx512(in, length, separator, out, ends, base);
#endif
  return squeeze_plainly(in, length, separator, out, ends, base);
}

inline std::size_t count(const char* in, std::size_t length, char separator) noexcept {
#ifdef EVENT_ENGINE_DELIMITED_SCAN_AVX512
  if (has_avx512()) return count_avx512(in, length, separator);
#endif
  return count_plainly(in, length, separator);
}

}  // namespace event_engine::delimited_scan
