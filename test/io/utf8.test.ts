/**
 * Inputs must be well-formed UTF-8 (RFC 3629). firstInvalidUtf8 asks Node's native check first
 * and walks the bytes only to find where a bad input goes wrong; both must agree with the WHATWG
 * decoder in fatal mode, which rejects overlong forms, surrogates and code points past U+10FFFF.
 */
import { describe, expect, it } from "vitest";
import { firstInvalidUtf8 } from "../../src/io/inputs.js";

const strict = new TextDecoder("utf-8", { fatal: true });
const decodes = (b: Uint8Array) => {
  try {
    strict.decode(b);
    return true;
  } catch {
    return false;
  }
};

/** A deterministic byte source (xorshift32), so a failure replays. */
function bytes(seed: number, length: number): Uint8Array {
  let x = seed;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    // mostly ASCII and lead/continuation bytes, where the edge cases are
    const r = (x >>> 0) % 7;
    out[i] = r < 3 ? 0x20 + ((x >>> 8) % 0x5f) : r < 5 ? 0x80 + ((x >>> 8) % 0x40) : 0xc0 + ((x >>> 8) % 0x40);
  }
  return out;
}

describe("firstInvalidUtf8", () => {
  it("names the offending byte of the classic bad forms", () => {
    expect(firstInvalidUtf8(Buffer.from('name = "caf\xe9"', "latin1"))).toBe(11);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1); // cut short
    expect(firstInvalidUtf8(Buffer.from("ünïcödé ✓ 𝄞"))).toBe(-1);
  });

  it("agrees with the fatal WHATWG decoder on 5,000 random byte strings", () => {
    for (let seed = 1; seed <= 5000; seed++) {
      const b = bytes(seed, 1 + (seed % 24));
      const at = firstInvalidUtf8(b);
      expect(at < 0, `seed ${seed}`).toBe(decodes(b));
      // everything before the offset decodes; the offset is where it stops
      if (at >= 0) expect(decodes(b.subarray(0, at)), `seed ${seed}`).toBe(true);
    }
  });
});
