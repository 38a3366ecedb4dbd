import { describe, expect, it } from "vitest";
import { continuesCredential, holdsSecret, maskedLines, redactSecrets } from "../../src/util/redact.js";

const S = "S3CRET-value";

describe("redactSecrets: secrets in every form issue 18 found printed", () => {
  it.each([
    ["a wrapped user --password", `user --name=bob --plaintext --password\n${S}\nlang C`],
    ["a wrapped rootpw", `rootpw --plaintext\n${S}`],
    ["a backslash-continued rootpw", `rootpw --plaintext \\\n${S}`],
    ["a wrapped --wpakey", `network --device=wlan0 --wpakey\n${S}`],
    ["a chain of continuations", `rootpw --iscrypted \\\nfirst\\\n${S}`],
    ["an open quote", `rootpw --plaintext "two\n${S}"`],
    ["--pa=", `bootloader --pa=${S}`],
    ["--pas value", `part / --encrypted --pas ${S}`],
    ["--wp=", `network --wp=${S}`],
    ["--act=", `rhsm --act=${S} --organization=1`],
    ["--md5=", `bootloader --md5=${S}`],
    ["--backup=", `autopart --encrypted --backup=${S}`],
    ["a quoted rootpw with spaces", `rootpw --plaintext "two ${S}"`],
    ["a token in a query string", `url = "https://h/x.ign?token=${S}&v=1"`],
    ["an S3 pre-signed URL", `https://bucket.s3.amazonaws.com/c.ign?X-Amz-Credential=AK&X-Amz-Signature=${S}`],
    ["an Azure SAS signature", `https://a.blob.core.windows.net/c/x?sv=2020&sig=${S}`],
    ["a proxy without a scheme", `proxy = "user:${S}@proxy.example.com:3128"`],
    ["a PEM private key", `-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA${S}\nBBBB\n-----END OPENSSH PRIVATE KEY-----`],
  ])("masks %s", (_what, text) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(S);
    expect(holdsSecret(text)).toBe(true);
  });

  it("leaves look-alikes alone", () => {
    for (const text of [
      "network --activate --device=eth0",
      "bootloader --passalg=sha512",
      "image = app:1.0@sha256:0123abcd",
      "https://h/repo?arch=x86_64",
      "# a comment that names --password\nlang C",
      "mail user@example.com",
    ])
      expect(redactSecrets(text)).toBe(text);
  });

  it("says which kickstart lines leave their credential to the next", () => {
    expect(continuesCredential("user --name=bob --password")).toBe(true);
    expect(continuesCredential("sshpw --username=root --plaintext")).toBe(true);
    expect(continuesCredential("rootpw --plaintext \\")).toBe(true);
    expect(continuesCredential("rootpw --plaintext x")).toBe(false);
    expect(continuesCredential("rootpw --lock")).toBe(false);
    expect(continuesCredential("user --name=bob --password=x")).toBe(false);
    expect(continuesCredential("lang C \\")).toBe(false);
    expect(continuesCredential("# --password")).toBe(false);
  });
});

describe("maskedLines: code frames", () => {
  it("star the line after a credential left open, and a value under an escaped secret key", () => {
    expect(maskedLines(`rootpw --plaintext \\\n${S}\nlang C`)[1]).toBe("*".repeat(S.length));
    // every credential option continues, --proxy-password too (the hint once missed it)
    expect(maskedLines(`url --url=http://x --proxy-password\n${S}`)[1]).toBe("*".repeat(S.length));
    const toml = maskedLines(`"p\\u0061ssword" = "${S}"\n"n\\u0061me" = "x"`);
    expect(toml[0]).not.toContain(S);
    expect(toml[1]).toBe('"n\\u0061me" = "x"');
  });
});
