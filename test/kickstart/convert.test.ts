import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { convertKickstart, type KickstartOptions } from "../../src/kickstart/convert.js";
import { parseKickstart } from "../../src/kickstart/parse.js";
import { renderKickstart } from "../../src/render/kickstart.js";

const OPTS: KickstartOptions = { target: "rhel9", installer: "ostreecontainer", image: "quay.io/acme/edge:1" };
const EDGE = "ostreesetup --nogpg --osname=rhel --remote=edge --url=https://ostree.example.com/repo --ref=rhel/9/x86_64/edge\n";

function run(text: string, opts: Partial<KickstartOptions> = {}, files: Record<string, string> = {}) {
  const result = convertKickstart({ path: "p/ks.cfg", text }, (p) => files[p], { ...OPTS, ...opts });
  const root = renderKickstart(result.documents[0]!);
  const commands = parseKickstart(root, "out.ks").entries.flatMap((e) => (e.kind === "command" ? [e.raw] : []));
  return { ...result, root, commands, ids: result.findings.map((f) => f.id) };
}
function errors(text: string, opts: Partial<KickstartOptions> = {}): string[] {
  try {
    run(text, opts);
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map((d) => `${d.source.line}:${d.source.column} ${d.message}`);
    throw e;
  }
  return [];
}

describe("ostreesetup → image payload (kickstart.md §3)", () => {
  it("installs the given image from the registry, keeping stateroot and remote, always without signature verification", () => {
    const r = run(EDGE);
    expect(r.commands).toEqual(["ostreecontainer --url=quay.io/acme/edge:1 --transport=registry --stateroot=rhel --remote=edge --no-signature-verification"]);
    expect(r.ids).toEqual(["kickstart.payload-converted"]);
  });

  it("uses the ref's entry in the image map over --image", () => {
    expect(run(EDGE, { imageMap: { "rhel/9/x86_64/edge": "quay.io/acme/mapped:2" } }).commands[0]).toContain("--url=quay.io/acme/mapped:2");
  });

  it("writes a placeholder and a warning when no image is known", () => {
    const r = run(EDGE, { image: undefined });
    expect(r.commands[0]).toContain("--url=registry.example.com/edge:latest");
    expect(r.ids).toContain("kickstart.image-placeholder");
  });

  it("turns an ISO-embedded commit into --transport=oci plus a %post bootc switch so updates follow the registry", () => {
    const r = run("ostreesetup --nogpg --osname=rhel --url=file:///run/install/repo/ostree/repo --ref=rhel/9/x86_64/edge\n");
    expect(r.commands).toEqual(["ostreecontainer --url=/run/install/repo/container --transport=oci --stateroot=rhel --no-signature-verification"]);
    expect(r.root).toContain(
      "%post --erroronfail\n# Updates follow the registry image, not the copy embedded in the ISO.\nbootc switch --mutate-in-place --transport registry quay.io/acme/edge:1\n%end\n",
    );
    expect(r.embedded).toBe(true);
  });

  it("writes the bootc command with a transport-prefixed source and a bare target for RHEL 10", () => {
    const r = run(EDGE, { target: "rhel10", installer: "bootc" });
    expect(r.commands).toEqual(["bootc --source-imgref=registry:quay.io/acme/edge:1 --target-imgref=quay.io/acme/edge:1 --stateroot=rhel"]);
    // RHEL 10.0 and 10.1 installers do not know it (issue 17)
    expect(r.findings.find((f) => f.id === "kickstart.bootc-needs-rhel-10-2")?.severity).toBe("warning");
    expect(run(EDGE).ids).not.toContain("kickstart.bootc-needs-rhel-10-2");
  });

  it("with the bootc command, removes %post lines that write an ostree remote (with their here-document) and says so (issue 17, defect 8)", () => {
    const post =
      "%post\necho 'url=https://m/repo' >> /etc/ostree/remotes.d/edge.conf\ncat >> /etc/ostree/remotes.d/edge.conf <<EOF\ngpg-verify=false\nEOF\nsystemctl enable app\n%end\n";
    const bootc = run(`${EDGE}${post}`, { target: "rhel10", installer: "bootc" });
    expect(bootc.root).toContain("# edge2bootc: removed, bootc installs have no ostree remote: echo 'url=https://m/repo' >> /etc/ostree/remotes.d/edge.conf");
    expect(bootc.root).toContain("# gpg-verify=false\n# EOF\nsystemctl enable app\n%end");
    expect(bootc.root).not.toMatch(/^(echo|cat|gpg-verify|EOF)/m);
    expect(bootc.ids.filter((id) => id.includes("remote"))).toEqual(["kickstart.ostree-remote-removed", "kickstart.ostree-remote-removed"]);
    // ostreecontainer keeps them (Anaconda rewrites the remote) and warns as before
    const kept = run(`${EDGE}${post}`);
    expect(kept.root).toContain("\necho 'url=https://m/repo' >> /etc/ostree/remotes.d/edge.conf\n");
    expect(kept.ids).toContain("kickstart.script-ostree-remote");
  });

  it("warns about a mount point outside /var that the read-only image must already have (issue 17, defect 3)", () => {
    const r = run(
      `${EDGE}part /boot --size=1024\nvolgroup vg pv.1\npart pv.1 --size=1 --grow\nlogvol / --vgname=vg --name=root --size=10240\nlogvol /data --vgname=vg --name=data --size=100\nlogvol /var/lib/containers --vgname=vg --name=c --size=100\nlogvol /home --vgname=vg --name=h --size=100\n`,
    );
    expect(r.findings.filter((f) => f.id === "kickstart.mountpoint-not-in-image").map((f) => f.title)).toEqual(["/data must exist in the image"]);
  });

  it("reports GPG-verified commits, since ostree GPG has no kickstart equivalent", () => {
    expect(run(EDGE.replace("--nogpg ", "")).ids).toContain("kickstart.gpg-verification");
  });

  it("keeps only the last of two ostreesetup lines (last wins) and reports the first", () => {
    const r = run(`${EDGE}${EDGE.replace("edge\n", "db\n")}`);
    expect(r.commands).toHaveLength(1);
    expect(r.root).toContain("# edge2bootc: removed ostreesetup: overridden by a later ostreesetup");
    expect(run(`${EDGE}${EDGE.replace("edge\n", "db\n")}`, { lineNumbers: true }).root).toContain(
      "# edge2bootc: removed ostreesetup from line 1: overridden by a later ostreesetup at line 2",
    );
    expect(r.findings.find((f) => f.id === "kickstart.duplicate-command")?.source.line).toBe(1);
  });

  it("replaces a package payload (liveimg) with the image and leaves fragments without a payload alone", () => {
    expect(run("liveimg --url=http://h/img.tar\n").commands[0]).toMatch(/^ostreecontainer --url=quay.io\/acme\/edge:1/);
    const fragment = run("network --bootproto=dhcp\n");
    expect(fragment.commands).toEqual(["network --bootproto=dhcp"]);
    expect(fragment.ids).toEqual(["kickstart.no-payload"]);
  });

  it("keeps an existing ostreecontainer and warns about abbreviated options", () => {
    const r = run("ostreecontainer --url=quay.io/x/y:1 --no-sig\n");
    expect(r.commands).toEqual(["ostreecontainer --url=quay.io/x/y:1 --no-sig"]);
    expect(r.ids.sort()).toEqual(["kickstart.already-image-mode", "kickstart.option-abbreviated"]);
  });
});

describe("what the installer ignores or rejects next to an image payload", () => {
  it("drops %packages, url, repo and module with a finding each, listing the packages", () => {
    const r = run(`url --url=http://h/os\nrepo --name=a --baseurl=http://h/a\nmodule --name=nodejs --stream=18\n${EDGE}%packages\n@core\nvim # editor\n%end\n`);
    expect(r.commands).toHaveLength(1);
    expect(r.root).not.toMatch(/^%packages/m);
    expect(r.ids.filter((i) => i === "kickstart.ignored-with-image")).toHaveLength(4);
    expect(r.findings.find((f) => f.title === "%packages removed")?.detail).toContain("@core, vim.");
    expect(r.coverage.filter((c) => c.disposition === "reported").map((c) => c.keyPath)).toEqual([
      "kickstart:p/ks.cfg:1:url",
      "kickstart:p/ks.cfg:2:repo",
      "kickstart:p/ks.cfg:3:module",
      "kickstart:p/ks.cfg:5:%packages",
    ]);
  });

  it("removes bootloader options that have no effect and never repeats the GRUB password", () => {
    const r = run(`bootloader --append="console=ttyS0 quiet" --password=grub.pbkdf2.sha512.SECRET --iscrypted --timeout 5\n${EDGE}`);
    expect(r.commands[0]).toBe('bootloader --append="console=ttyS0 quiet"');
    expect(JSON.stringify(r.findings)).not.toContain("SECRET");
  });

  it("with bootc, reports commands and sections the RHEL 10 docs do not list", () => {
    const r = run(`firewall --enabled\nservices --enabled=sshd\n${EDGE}%pre-install\necho hi\n%end\n`, { target: "rhel10", installer: "bootc" });
    expect(r.findings.filter((f) => f.id === "kickstart.not-supported-with-bootc").map((f) => f.title.split(" ")[0])).toEqual([
      "firewall",
      "services",
      "%pre-install",
    ]);
  });

  it("renames %traceback to %onerror and keeps its body", () => {
    expect(run(`${EDGE}%traceback --log=/tmp/x\necho fail\n%end\n`).root).toContain("%onerror --log=/tmp/x\necho fail\n%end");
  });
});

describe("checks on the kickstart as written (kickstart.md §1.6, §4)", () => {
  it("errors on two sshkey lines for one user and on mixing payload commands in either order", () => {
    expect(errors(`sshkey --username=core "k1"\nsshkey --username=core "k2"\n${EDGE}`)).toEqual([
      "2:1 a second sshkey for user core (first at p/ks.cfg:1); ksvalidator rejects it: put one sshkey line per user",
    ]);
    expect(errors(`ostreecontainer --url=x\n${EDGE}`)[0]).toMatch(/^2:1 ostreesetup conflicts with ostreecontainer at p\/ks.cfg:1/);
    expect(errors(`${EDGE}bootc --source-imgref=registry:x`, { target: "rhel10" })[0]).toMatch(/^2:1 bootc conflicts with ostreesetup/);
  });

  it("errors on an ostreesetup the installer rejects, but lets template placeholders through", () => {
    expect(errors("ostreesetup --osname=rhel --url=ftp://h/repo --ref=r\n")).toEqual([
      "1:27 ostreesetup --url must start with file:, http: or https:, not ftp://h/repo",
    ]);
    expect(errors("ostreesetup --osname=rhel --url=http://h/repo\n")).toEqual(["1:1 ostreesetup: --ref is required"]);
    expect(errors("ostreesetup --nogpg --osname=rhel --url=${REPO_URL} --ref=r\n")).toEqual([]);
  });

  it("reports overridden single-use commands and clashing data commands as warnings", () => {
    const r = run(`timezone UTC\ntimezone Europe/Paris\npart / --size=1000\npart / --size=2000\n${EDGE}`);
    expect(r.findings.filter((f) => f.id.startsWith("kickstart.duplicate")).map((f) => `${f.source.line} ${f.id}`)).toEqual([
      "1 kickstart.duplicate-command",
      "4 kickstart.duplicate-data",
    ]);
  });

  it("reports unknown commands with a case hint, and commands removed for RHEL 10", () => {
    const r = run(`Lang en_US\nauthconfig --enableshadow\n${EDGE}`, { target: "rhel10" });
    expect(r.findings.find((f) => f.id === "kickstart.unknown-command")?.detail).toContain("Command names are case-sensitive: write lang.");
    expect(r.ids).toContain("kickstart.removed-command");
  });

  it("warns when an unquoted # cuts a value short", () => {
    const r = run(`rootpw --plaintext pa#ss\n${EDGE}`);
    expect(r.findings.find((f) => f.id === "kickstart.comment-in-word")?.source).toMatchObject({ line: 1, column: 22 });
  });

  it("flags %post lines written for rpm-ostree, with their line numbers", () => {
    const r = run(
      `${EDGE}%post\nrpm-ostree kargs --append=x\n# rpm-ostree install not-this-comment\nfips-mode-setup --enable\ncp /tmp/x /usr/local/bin/x\n%end\n%post --nochroot\ncp /tmp/x /usr/share/x\n%end\n`,
    );
    expect(r.findings.filter((f) => f.id.startsWith("kickstart.script-")).map((f) => `${f.source.line} ${f.id}`)).toEqual([
      "3 kickstart.script-rpm-ostree-kargs",
      "5 kickstart.script-fips-mode-setup",
      "6 kickstart.script-writes-usr",
    ]);
  });

  it("lists template placeholders and keeps them untouched", () => {
    const r = run(`lang {{ locale }}\n{% if wipe %}\nzerombr\n{% endif %}\n${EDGE}`);
    expect(r.findings.filter((f) => f.id === "kickstart.template-placeholder").map((f) => f.source.line)).toEqual([1, 2, 4]);
    expect(r.ids).not.toContain("kickstart.unknown-command");
    expect(r.root.startsWith("lang {{ locale }}\n{% if wipe %}\nzerombr\n{% endif %}\n")).toBe(true);
  });
});

describe("includes", () => {
  it("converts an included file in place and writes it next to the kickstart", () => {
    const r = run("lang C\n%include parts/payload.cfg\n", {}, { "p/parts/payload.cfg": EDGE });
    expect(r.documents.map((d) => d.path)).toEqual(["kickstart/ks.cfg", "kickstart/parts/payload.cfg"]);
    expect(renderKickstart(r.documents[0]!)).toBe("lang C\n%include parts/payload.cfg\n");
    expect(renderKickstart(r.documents[1]!)).toMatch(/^# edge2bootc: ostreecontainer replaces ostreesetup/);
    expect(r.coverage.map((c) => c.keyPath)).toContain("kickstart:p/ks.cfg:2:%include");
  });

  it("refuses an include outside the kickstart's folder without reading it", () => {
    let read = false;
    const load = (p: string) => ((read = true), { "shared.cfg": EDGE }[p]);
    expect(() => convertKickstart({ path: "p/ks.cfg", text: "lang C\n%include ../shared.cfg\n" }, load, OPTS)).toThrow(
      /p\/ks.cfg:2:1: %include \.\.\/shared.cfg leaves the project folder p/,
    );
    expect(read).toBe(false);
    expect(errors("%include ../../../var/run/secrets/token\n")[0]).toMatch(/^1:1 %include .* leaves the project folder/);
  });

  it("reads an include outside the kickstart's folder under a wider --include-root, but does not write it", () => {
    const r = run("%include ../shared.cfg\n", { includeRoot: "." }, { "shared.cfg": EDGE });
    expect(r.documents.map((d) => d.path)).toEqual(["kickstart/ks.cfg"]);
    expect(r.ids).toContain("kickstart.include-outside-project");
  });
});

describe("--registry-auth-file", () => {
  const auth = { path: "auth.json", text: '{"auths":{"quay.io":{"auth":"c2VjcmV0"}}}\n' };

  it("writes auth.json in %pre-install (install pull) and %post (updates), mode 0600, and marks the output sensitive", () => {
    const r = run(EDGE, { registryAuth: auth });
    const sections = parseKickstart(r.root, "o").entries.flatMap((e) => (e.kind === "section" ? [e.name] : []));
    expect(sections).toEqual(["%pre-install", "%post"]);
    expect(r.root.match(/chmod 0600 \/etc\/ostree\/auth.json/g)).toHaveLength(2);
    expect(r.documents[0]!.sensitive).toBe(true);
    expect(JSON.stringify(r.findings)).not.toContain("c2VjcmV0");
  });

  it("reports that the bootc command cannot pull from an authenticated registry", () => {
    const r = run(EDGE, { registryAuth: auth, target: "rhel10", installer: "bootc" });
    expect(r.findings.find((f) => f.id === "kickstart.registry-auth-bootc")?.severity).toBe("unsupported");
    expect(r.findings.find((f) => f.id === "kickstart.registry-auth")).toBeUndefined();
    expect(r.root).not.toContain("%pre-install");
  });
});

describe("section headers", () => {
  it("reports options a section does not take (%pre --nochroot) and expands abbreviations", () => {
    const r = run(`${EDGE}%pre --nochroot\necho\n%end\n%post --erroron --log /tmp/x\necho\n%end\n`);
    expect(r.findings.filter((f) => f.source.line >= 2).map((f) => `${f.source.line}:${f.source.column} ${f.id}`)).toEqual([
      "2:6 kickstart.section-option",
      "5:7 kickstart.option-abbreviated",
    ]);
  });
});
