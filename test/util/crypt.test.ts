import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { deterministicSalt, isCrypted, sha512Crypt } from "../../src/util/crypt.js";

function pythonCrypt(password: string, salt: string): string | undefined {
  try {
    const script = "import crypt,sys; print(crypt.crypt(sys.argv[1], '$6$' + sys.argv[2]))";
    return execFileSync("python3", ["-W", "ignore", "-c", script, password, salt], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}
const hasPythonCrypt = pythonCrypt("x", "y") !== undefined;

describe("sha512Crypt", () => {
  // Vectors from Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" specification (default rounds).
  it("matches the specification's test vectors", () => {
    expect(sha512Crypt("Hello world!", "saltstring")).toBe(
      "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
    );
  });

  it("uses at most 16 salt characters, as glibc does", () => {
    expect(sha512Crypt("pw", "0123456789abcdefXYZ")).toBe(sha512Crypt("pw", "0123456789abcdef"));
    expect(sha512Crypt("pw", "0123456789abcdefXYZ")).toMatch(/^\$6\$0123456789abcdef\$/);
  });

  it.skipIf(!hasPythonCrypt)("agrees with glibc (through Python's crypt) on long and non-ASCII passwords", () => {
    for (const [pw, salt] of [["a".repeat(200), "x"], ["pässwörd ✓", "S4lt"], ["", "empty"], ["x".repeat(64), "sixtyfour"]] as const) {
      expect(sha512Crypt(pw, salt)).toBe(pythonCrypt(pw, salt));
    }
  });
});

describe("isCrypted", () => {
  it("treats only $6$, $5$ and $2b$ as hashes, like composer", () => {
    expect(isCrypted("$6$abc$def")).toBe(true);
    expect(isCrypted("$5$abc$def")).toBe(true);
    expect(isCrypted("$2b$10$abc")).toBe(true);
    expect(isCrypted("$1$md5$hash")).toBe(false);
    expect(isCrypted("secret")).toBe(false);
  });
});

describe("deterministicSalt", () => {
  it("is stable for the same input, differs between users, and uses the crypt alphabet", () => {
    expect(deterministicSalt("admin", "pw")).toBe(deterministicSalt("admin", "pw"));
    expect(deterministicSalt("admin", "pw")).not.toBe(deterministicSalt("other", "pw"));
    expect(deterministicSalt("admin", "pw")).toMatch(/^[./0-9A-Za-z]{16}$/);
  });
});
