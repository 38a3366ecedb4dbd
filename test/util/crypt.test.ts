import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { isCrypted, passwordHasher, sha512Crypt } from "../../src/util/crypt.js";

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
    for (const [pw, salt] of [
      ["a".repeat(200), "x"],
      ["pässwörd ✓", "S4lt"],
      ["", "empty"],
      ["x".repeat(64), "sixtyfour"],
    ] as const) {
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

describe("passwordHasher", () => {
  const salt = (hash: string) => hash.split("$")[2]!;

  it("uses a random 16-character salt by default: equal passwords give different hashes", () => {
    const a = passwordHasher().hash("admin", "pw");
    const b = passwordHasher().hash("admin", "pw");
    expect(a).not.toBe(b);
    expect(salt(a)).toMatch(/^[./0-9A-Za-z]{16}$/);
    expect(sha512Crypt("pw", salt(a))).toBe(a);
  });

  it("never derives the salt from the input alone", () => {
    // The salt of the old scheme was sha256("edge2bootc\0user\0password"): a fast hash of the password.
    const oldSalt = Array.from(
      createHash("sha256").update("edge2bootc\0admin\0pw").digest().subarray(0, 16),
      (b) => "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[b & 0x3f],
    ).join("");
    expect(salt(passwordHasher().hash("admin", "pw"))).not.toBe(oldSalt);
    expect(salt(passwordHasher({ seed: "s" }).hash("admin", "pw"))).not.toBe(oldSalt);
  });

  it("with a secret seed, is reproducible and differs per seed", () => {
    expect(passwordHasher({ seed: "s1" }).hash("admin", "pw")).toBe(passwordHasher({ seed: "s1" }).hash("admin", "pw"));
    expect(passwordHasher({ seed: "s1" }).hash("admin", "pw")).not.toBe(passwordHasher({ seed: "s2" }).hash("admin", "pw"));
  });

  it("reuses an earlier hash while the password matches it, and records what it used", () => {
    const first = passwordHasher();
    const hash = first.hash("admin", "pw");
    expect(first.recorded()).toEqual({ admin: hash });
    expect(passwordHasher({ previous: { admin: hash } }).hash("admin", "pw")).toBe(hash);
    expect(passwordHasher({ previous: { admin: hash } }).hash("admin", "changed")).not.toBe(hash);
    expect(passwordHasher({ previous: { other: hash } }).hash("admin", "pw")).not.toBe(hash);
  });

  it("gives one user the same hash wherever it is written in one run, and keeps hashed passwords", () => {
    const h = passwordHasher();
    expect(h.hash("admin", "pw")).toBe(h.hash("admin", "pw"));
    expect(h.hash("root", "$6$abc$def")).toBe("$6$abc$def");
    expect(Object.keys(h.recorded())).toEqual(["admin"]);
  });
});
