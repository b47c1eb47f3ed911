/*
 * sha256.c: ipl_sha256_hex (manifest.h), the hash gen puts in the manifest
 * for every file it writes. libmd's SHA-256 is portable C at about 66
 * instructions a byte: at 10,000 services the files are tens of MB and that
 * was a third of a gen. On x86-64 processors with the SHA extensions
 * (Intel since Goldmont and Ice Lake, AMD since Zen) the blocks are hashed
 * with them instead, checked once with CPUID; everywhere else, and for what
 * the check refuses, libmd. Both give the same digest (unit test
 * test_sha256_matches_libmd in test_dirtx.c, over every length up to 300 and
 * a few large ones).
 */
#include "core/common.h"

#include <sha2.h>

#include "planners/manifest.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

static const uint32_t k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

/* the SHA-256 compression of n 64-byte blocks into state, with the SHA extensions */
__attribute__((target("sha,sse4.1"))) static void
blocks_ni(uint32_t state[8], const unsigned char *p, size_t n)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i s0, s1, tmp, w[4];
	int g;

	/* the instructions keep the state as ABEF and CDGH */
	tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
	s0 = _mm_alignr_epi8(tmp, s1, 8);
	s1 = _mm_blend_epi16(s1, tmp, 0xF0);
	for (; n; n--, p += 64) {
		__m128i abef = s0, cdgh = s1;
		/* four rounds at a time; w[g % 4] holds the message words 4g..4g+3 */
		for (g = 0; g < 16; g++) {
			__m128i m;
			if (g < 4)
				w[g] = _mm_shuffle_epi8(
					_mm_loadu_si128((const __m128i *)(p + 16 * g)), swap);
			else
				w[g % 4] = _mm_sha256msg2_epu32(
					_mm_add_epi32(
						_mm_sha256msg1_epu32(w[g % 4], w[(g + 1) % 4]),
						_mm_alignr_epi8(w[(g + 3) % 4], w[(g + 2) % 4], 4)),
					w[(g + 3) % 4]);
			m = _mm_add_epi32(w[g % 4], _mm_loadu_si128((const __m128i *)&k256[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	tmp = _mm_shuffle_epi32(s0, 0x1B);
	s1 = _mm_shuffle_epi32(s1, 0xB1);
	_mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(tmp, s1, 0xF0));
	_mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(s1, tmp, 8));
}

/* CPUID leaf 7: EBX bit 29 is SHA; leaf 1: ECX bits 19 and 9 are SSE4.1 and SSSE3 */
static bool
have_sha_ni(void)
{
	static int known = -1;
	unsigned a, b, c, d;

	if (known < 0) {
		known = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 29 & 1) &&
			__get_cpuid(1, &a, &b, &c, &d) && (c >> 19 & 1) && (c >> 9 & 1);
	}
	return known > 0;
}

static void
sha256_ni_hex(const unsigned char *data, size_t len, char out[65])
{
	uint32_t state[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	unsigned char last[128];
	size_t full = len / 64, rest = len % 64, tail = rest < 56 ? 64 : 128, i;
	uint64_t bits = (uint64_t)len * 8;

	blocks_ni(state, data, full);
	/* the padding: 0x80, zeros, the length in bits, big-endian */
	memset(last, 0, sizeof(last));
	if (rest)
		memcpy(last, data + full * 64, rest);
	last[rest] = 0x80;
	for (i = 0; i < 8; i++)
		last[tail - 1 - i] = (unsigned char)(bits >> (8 * i));
	blocks_ni(state, last, tail / 64);
	for (i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", (unsigned)state[i]);
}
#endif

void
ipl_sha256_hex(const void *data, size_t len, char out[65])
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (have_sha_ni()) {
		sha256_ni_hex(data ? data : "", len, out);
		return;
	}
#endif
	/* libmd writes the digest as 64 lower-case hex digits and a NUL, the manifest's own form */
	SHA256Data(data, len, out);
}

void
ipl_sha256_hex_portable(const void *data, size_t len, char out[65])
{
	SHA256Data(data, len, out);
}
