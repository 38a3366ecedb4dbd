import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert.js";
import { embeddedDir, mapContainers, repositoryOf } from "../../src/migrate/map/containers.js";
import { ids, runMapper, stepTexts } from "../helpers.js";

const OCP = "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:";
const APP = "registry.example.com/edge/app@sha256:";
/** Two images of one repository in a MicroShift blueprint (not release images: those come from microshift-release-info). */
const twoReleaseImages = `distro = "rhel-9.6"\n[[packages]]\nname = "microshift"\n[[containers]]\nsource = "${APP}${"1".repeat(64)}"\n[[containers]]\nsource = "${APP}${"2".repeat(64)}"\n`;

describe("physically bound images", () => {
  it("get one folder per pull spec, so release images that share a repository do not overwrite each other", () => {
    const out = runMapper(twoReleaseImages, mapContainers);
    const dirs = stepTexts(out).flatMap((t) => [...t.matchAll(/dir:(\S+)/g)].map((m) => m[1]));
    expect(dirs).toHaveLength(2);
    expect(new Set(dirs).size).toBe(2);
    expect(dirs[0]).toBe(embeddedDir(`${APP}${"1".repeat(64)}`));
    const list = out.files
      .find((f) => f.path === "overlay/usr/lib/containers-embedded/image-list.txt")!
      .contents.trim()
      .split("\n");
    expect(list.map((l) => l.split(" ")[1])).toEqual([`${APP}${"1".repeat(64)}`, `${APP}${"2".repeat(64)}`]);
  });

  it("takes MicroShift's release images from microshift-release-info at build time, into the same per-pull-spec folders", () => {
    const bp = `distro = "rhel-9.6"\n[[packages]]\nname = "microshift"\n[[containers]]\nsource = "${OCP}${"1".repeat(64)}"\n[[containers]]\nsource = "${APP}${"3".repeat(64)}"\n`;
    const out = runMapper(bp, mapContainers);
    const texts = stepTexts(out);
    const release = texts.find((t) => t.includes("release-$(uname -m).json"))!;
    expect(release).toContain(
      `images=$(jq -r '.images[]' "/usr/share/microshift/release/release-$(uname -m).json") && test -n "$images" && for img in $images; do`,
    );
    // pulled after the blueprint's CA anchors and registry settings are in place (issue 17)
    expect(out.steps.filter((s) => s.kind === "run" && s.commands.some((c) => c.includes("skopeo copy"))).map((s) => s.stage)).toEqual([
      "embeddedImages",
      "embeddedImages",
    ]);
    // a failed copy ends the RUN (no pipeline whose status is the last echo), and the secret is required
    expect(release).toContain("|| exit 1; done");
    expect(out.steps.find((s) => s.kind === "run" && s.commands.some((c) => c.includes("release-$(uname -m).json")))).toMatchObject({
      mounts: [expect.stringContaining("required=true")],
    });
    // the folder name is the SHA-256 of the pull spec, as embeddedDir() computes it for listed images
    expect(release).toContain(`dir=$(printf '%s' "$img" | sha256sum | cut -d ' ' -f 1)`);
    expect(release).toContain('"dir:/usr/lib/containers-embedded/$dir"');
    // the release digest of the blueprint is not pulled; the app image is, as listed
    expect(texts.some((t) => t.includes(`docker://${OCP}`))).toBe(false);
    expect(texts.some((t) => t.includes(`docker://${APP}${"3".repeat(64)}`))).toBe(true);
    expect(out.coverage.find((c) => c.keyPath === "containers[0]")).toMatchObject({
      disposition: "converted",
      artifact: expect.stringContaining("release-image-list.txt"),
    });
    expect(ids(out.findings)).toContain("microshift.release-images");
    const script = out.files.find((f) => f.path === "overlay/usr/libexec/edge2bootc-embedded-images")!.contents;
    expect(script).toContain("for list in /usr/lib/containers-embedded/image-list.txt /usr/lib/containers-embedded/release-image-list.txt; do");
  });

  it("hashes pull specs in the shell exactly as embeddedDir does", () => {
    const spec = `${OCP}${"1".repeat(64)}`;
    const shell = spawnSync("sh", ["-c", `printf '%s' "$0" | sha256sum | cut -d ' ' -f 1`, spec], { encoding: "utf8" }).stdout.trim();
    expect(`/usr/lib/containers-embedded/${shell}`).toBe(embeddedDir(spec));
  });

  it("are copied into containers-storage before every start of microshift.service, not only when missing", () => {
    const out = runMapper(twoReleaseImages, mapContainers);
    const script = out.files.find((f) => f.path === "overlay/usr/libexec/edge2bootc-embedded-images")!.contents;
    expect(script).not.toMatch(/podman image exists/);
    expect(script).toContain("skopeo copy --preserve-digests");
    expect(out.files.find((f) => f.path.includes("microshift.service.d"))!.contents).toBe("[Service]\nExecStartPre=/usr/libexec/edge2bootc-embedded-images\n");
  });

  it("without MicroShift, are copied at every boot by an enabled oneshot unit", () => {
    const out = runMapper('distro = "rhel-9.6"\n[[containers]]\nsource = "quay.io/a/b:1"\n', mapContainers, { containers: "physical" });
    const unit = out.files.find((f) => f.path.endsWith("edge2bootc-embedded-images.service"))!.contents;
    expect(unit).toContain("Type=oneshot");
    expect(unit).not.toContain("RemainAfterExit");
    expect(stepTexts(out)).toContain("systemctl enable edge2bootc-embedded-images.service");
  });

  it("pass the build secret's auth file without word-splitting a command substitution", () => {
    const out = runMapper(twoReleaseImages, mapContainers);
    const copy = stepTexts(out).find((t) => t.includes("skopeo copy"))!;
    expect(copy).not.toContain("$(");
    expect(copy).toContain('skopeo copy --retry-times=3 --all --preserve-digests "$@"');
  });
});

describe("tls-verify = false", () => {
  it("is scoped to the repository in registries.conf.d for logically bound images", () => {
    const out = runMapper(
      'distro = "rhel-9.6"\n[[containers]]\nsource = "quay.io/acme/app:1"\ntls-verify = false\n[[containers]]\nsource = "quay.io/other/x:2"\n',
      mapContainers,
    );
    const conf = out.files.filter((f) => f.path.includes("registries.conf.d"));
    expect(conf.map((f) => [f.path, f.contents])).toEqual([
      ["overlay/etc/containers/registries.conf.d/50-quay.io_acme_app.conf", '[[registry]]\nlocation = "quay.io/acme/app"\ninsecure = true\n'],
    ]);
  });

  it("writes no registries.conf entry for physically bound images, only --src-tls-verify=false at build time", () => {
    const out = runMapper('distro = "rhel-9.6"\n[[containers]]\nsource = "cams.local:5000/v/d:7"\ntls-verify = false\n', mapContainers, {
      containers: "physical",
    });
    expect(out.files.filter((f) => f.path.includes("registries.conf.d"))).toEqual([]);
    expect(stepTexts(out).find((t) => t.includes("skopeo copy"))).toContain("--src-tls-verify=false");
  });

  it("takes the repository from references with ports, tags and digests", () => {
    expect(repositoryOf("cams.local:5000/v/d:7")).toBe("cams.local:5000/v/d");
    expect(repositoryOf("quay.io/a/b@sha256:00")).toBe("quay.io/a/b");
    expect(repositoryOf("quay.io/a/b:1@sha256:00")).toBe("quay.io/a/b");
    expect(repositoryOf("localhost/x")).toBe("localhost/x");
  });
});

describe("logically bound images", () => {
  it("need RHEL 9.5: for 9.4 the images are embedded instead, and an explicit logical choice is reported", () => {
    const by = (distro: string, containers?: "logical") =>
      runMapper(`distro = "${distro}"\n[[containers]]\nsource = "quay.io/a/b:1"\n`, mapContainers, containers ? { containers } : {});
    expect(ids(by("rhel-9.4").findings)).toContain("containers.physical-for-release");
    expect(by("rhel-9.4").files.some((f) => f.path.endsWith(".image"))).toBe(false);
    expect(ids(by("rhel-9.4", "logical").findings)).toContain("containers.bound-images-unsupported");
    expect(by("rhel-9.6").files.some((f) => f.path.endsWith(".image"))).toBe(true);
    expect(ids(by("centos-9").findings)).not.toContain("containers.physical-for-release");
  });

  it("are pulled into the build host's storage before bootc-image-builder runs (next steps)", () => {
    const c = convert({ path: "bp.toml", text: 'distro = "rhel-9.6"\n[[containers]]\nsource = "quay.io/a/b:1"\n' }, { sourceImageType: "edge-raw-image" });
    const steps = c.report.nextSteps;
    const pull = steps.indexOf("sudo podman pull quay.io/a/b:1");
    const bib = steps.findIndex((s) => s.includes("/bootc-image-builder:"));
    expect(pull).toBeGreaterThan(-1);
    expect(pull).toBeLessThan(bib);
  });
});
