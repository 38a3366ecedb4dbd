import { createHash, createHmac, randomBytes } from "node:crypto";

/**
 * SHA-512 crypt ($6$), as glibc and composer (pkg/crypt) produce it. Written out here
 * because the npm implementations are unmaintained one-file packages; the algorithm is
 * short and the tests check it against the specification's vectors and Python's crypt.
 */
const ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ROUNDS = 5000;

/** glibc's byte order for the final encoding: 21 triples, then the last byte. */
const ORDER: [number, number, number][] = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

const sha512 = (...parts: Buffer[]) => {
  const h = createHash("sha512");
  for (const p of parts) h.update(p);
  return h.digest();
};

function repeatTo(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = source[i % source.length]!;
  return out;
}

function encode24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let s = "";
  for (let i = 0; i < n; i++) {
    s += ITOA64[w & 0x3f];
    w >>= 6;
  }
  return s;
}

export function sha512Crypt(password: string, salt: string): string {
  const p = Buffer.from(password, "utf8");
  const s = Buffer.from(salt.slice(0, 16), "utf8");
  const b = sha512(p, s, p);

  const a = createHash("sha512").update(p).update(s);
  let cnt = p.length;
  for (; cnt > 64; cnt -= 64) a.update(b);
  a.update(b.subarray(0, cnt));
  for (cnt = p.length; cnt > 0; cnt >>= 1) a.update(cnt & 1 ? b : p);
  let c = a.digest();

  const dp = createHash("sha512");
  for (let i = 0; i < p.length; i++) dp.update(p);
  const pBytes = repeatTo(dp.digest(), p.length);

  const ds = createHash("sha512");
  for (let i = 0; i < 16 + c[0]!; i++) ds.update(s);
  const sBytes = repeatTo(ds.digest(), s.length);

  for (let i = 0; i < ROUNDS; i++) {
    const h = createHash("sha512");
    h.update(i & 1 ? pBytes : c);
    if (i % 3) h.update(sBytes);
    if (i % 7) h.update(pBytes);
    h.update(i & 1 ? c : pBytes);
    c = h.digest();
  }

  let out = ORDER.map(([x, y, z]) => encode24(c[x]!, c[y]!, c[z]!, 4)).join("");
  out += encode24(0, 0, c[63]!, 2);
  return `$6$${s.toString("utf8")}$${out}`;
}

/** Composer's PasswordIsCrypted: only these prefixes count as already hashed. */
export function isCrypted(password: string): boolean {
  return password.startsWith("$6$") || password.startsWith("$5$") || password.startsWith("$2b$");
}

/**
 * Turns plaintext passwords into SHA-512 crypt hashes without publishing anything cheaper to
 * attack than the hash itself, while keeping output reproducible:
 * - a hash recorded by an earlier run (the output folder's manifest) is reused while it still
 *   matches the password, so re-running over the same output changes nothing;
 * - with a secret seed (EDGE2BOOTC_SALT_SEED), the salt is HMAC-SHA256(seed, user, password):
 *   the same on every machine that has the seed, useless to anyone who has not;
 * - otherwise the salt is random (16 characters from a CSPRNG, as crypt_gensalt does).
 * A salt derived from the input alone would publish a fast hash of the password next to every
 * crypt hash and give equal hashes for equal passwords across images.
 */
/** What the report says about salts (one sentence, the same wherever a password is hashed). */
export const SALT_NOTE =
  "The salt is random, or derived with the secret EDGE2BOOTC_SALT_SEED when it is set; later runs over the same output folder reuse the hash while the password is unchanged, so output stays the same.";

export interface PasswordHasher {
  /** The crypt hash for this user's password (an already hashed password is kept). */
  hash(user: string, password: string): string;
  /** user → hash of every plaintext password hashed so far, for the manifest. */
  recorded(): Record<string, string>;
}

export interface SaltPolicy {
  /** A secret that makes salts reproducible across clean checkouts. */
  seed?: string;
  /** user → hash from an earlier run; reused while the password matches it. */
  previous?: Readonly<Record<string, string>>;
  /** Source of random salts (tests inject a fixed one). */
  randomSalt?: () => string;
}

const saltOf = (hash: string) => /^\$6\$(?:rounds=\d+\$)?([^$]{0,16})\$/.exec(hash)?.[1];

const randomSalt = () => Array.from(randomBytes(16), (byte) => ITOA64[byte & 0x3f]).join("");

function seededSalt(seed: string, user: string, password: string): string {
  const digest = createHmac("sha256", seed).update(`${user}\0${password}`).digest();
  return Array.from(digest.subarray(0, 16), (byte) => ITOA64[byte & 0x3f]).join("");
}

export function passwordHasher(policy: SaltPolicy = {}): PasswordHasher {
  const recorded = new Map<string, string>();
  return {
    hash(user, password) {
      if (isCrypted(password)) return password;
      const known = recorded.get(user) ?? (policy.previous && Object.hasOwn(policy.previous, user) ? policy.previous[user] : undefined);
      const oldSalt = known === undefined ? undefined : saltOf(known);
      const reused = oldSalt !== undefined && sha512Crypt(password, oldSalt) === known ? known : undefined;
      const salt = policy.seed !== undefined ? seededSalt(policy.seed, user, password) : (policy.randomSalt ?? randomSalt)();
      const hash = reused ?? sha512Crypt(password, salt);
      recorded.set(user, hash);
      return hash;
    },
    recorded: () => Object.fromEntries([...recorded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
