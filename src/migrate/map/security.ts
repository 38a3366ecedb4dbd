import { createHash, X509Certificate } from "node:crypto";
import { bibHas } from "../../bib/profile.js";
import { BIB_CONFIG, INSTALLER_IMAGE_DIR } from "../../plan/paths.js";
import type { MapperOutput } from "../../plan/types.js";
import { shq } from "../../util/shell.js";
import { CONTAINERFILE, Emitter, type MigrationContext } from "../resolve/context.js";

const FIPS_KARGS = "/usr/lib/bootc/kargs.d/01-fips.toml";

/** fips: kargs.d + crypto policy in the image (both required), and a FIPS installer for ISOs. */
export function mapFips(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const keyPath = "customizations.fips";
  const fips = ctx.blueprint.customizations?.fips;
  if (fips === undefined) return out.done();
  if (!fips) return out.cover(keyPath, "converted").done();
  out.overlayFile(FIPS_KARGS, 'kargs = ["fips=1"]\n', [keyPath]);
  out.run("config", ["dnf -y install crypto-policies-scripts", "update-crypto-policies --no-reload --set FIPS", "dnf clean all"], [keyPath]);
  const { iso } = ctx.source;
  // A FIPS install boots the installer with fips=1 (RHEL "Security hardening": installing the system
  // in FIPS mode); bootc-image-builder does it from config.toml, an installer image's boot entry from iso.yaml.
  const installerImage = ctx.isoRoute?.type === "bootc-generic-iso";
  if (installerImage) out.installerImage({ bootArgs: [{ value: "fips=1", keyPaths: [keyPath] }] });
  else if (iso && bibHas(ctx.options.bibProfile, "fips")) out.bib("customizations.fips", true, [keyPath]);
  const installerHome = installerImage ? ` and ${INSTALLER_IMAGE_DIR}/iso.yaml` : iso ? ` and ${BIB_CONFIG}` : "";
  out.cover(keyPath, "converted", `${FIPS_KARGS}${installerHome}`).report("security.fips", keyPath, {
    title: "FIPS mode: kargs.d fips=1 and the FIPS crypto policy are in the image",
    detail: `FIPS has to be on from the first boot${ctx.target.major >= 10 ? " (RHEL 10 does not support switching an installed system to FIPS)" : ""}, so a device that was installed without FIPS is not compliant after bootc switch. composer also added boot=UUID=... and /etc/system-fips; the image-mode docs only prescribe fips=1.`,
    remediation: `Install new devices from this image${iso ? ` (the installer boots in FIPS mode through ${installerImage ? "iso.yaml" : "config.toml"})` : " and boot the installer with fips=1"}; verify the FIPS self-tests on first boot.`,
  });
  return out.done();
}

/** openscap: remediate the image at build time with oscap-im, tailored with autotailor when asked. */
export function mapOpenscap(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const keyPath = "customizations.openscap";
  const o = ctx.blueprint.customizations?.openscap;
  if (o === undefined) return out.done();
  const datastream = o.datastream ?? `/usr/share/xml/scap/ssg/content/ssg-${ctx.target.family === "centos" ? "cs" : "rhel"}${ctx.target.major}-ds.xml`;
  const tailoringFile = "/usr/share/xml/osbuild-oscap-tailoring/tailoring.xml";
  const commands = ["dnf -y install openscap-utils scap-security-guide", "dnf clean all"];
  const used = new Set<string>();
  const use = (...keys: string[]) => keys.forEach((k) => used.add(`${keyPath}.${k}`));
  if (o.datastream !== undefined) use("datastream");
  let profile = o.profile_id;
  if (o.json_tailoring?.filepath && o.json_tailoring.profile_id) {
    commands.push(
      `mkdir -p ${dirnameOf(tailoringFile)}`,
      `autotailor --output ${tailoringFile} --json-tailoring ${shq(o.json_tailoring.filepath)} ${shq(datastream)}`,
    );
    profile = o.json_tailoring.profile_id;
    use("json_tailoring");
  } else if (o.tailoring && profile) {
    const tailored = `${profile}_osbuild_tailoring`;
    const picks = [...(o.tailoring.selected ?? []).map((r) => `--select ${shq(r)}`), ...(o.tailoring.unselected ?? []).map((r) => `--unselect ${shq(r)}`)];
    commands.push(
      `mkdir -p ${dirnameOf(tailoringFile)}`,
      `autotailor --output ${tailoringFile} --new-profile-id ${shq(tailored)} ${picks.join(" ")} ${shq(datastream)} ${shq(profile)}`,
    );
    profile = tailored;
    use("tailoring", "profile_id");
  } else if (profile !== undefined) use("profile_id");
  if (profile === undefined) {
    return out
      .cover(keyPath, "reported")
      .report("security.openscap-no-profile", keyPath, {
        title: "openscap needs a profile_id",
        detail: o.policy_id ? "policy_id refers to a policy hosted by Red Hat Insights; it cannot be resolved offline." : "No profile was given.",
      })
      .done();
  }
  const tailoring = commands.some((c) => c.startsWith("autotailor")) ? ` --tailoring-file ${tailoringFile}` : "";
  commands.push(`oscap-im${tailoring} --profile ${shq(profile)} ${shq(datastream)}`);
  out.run("openscap", commands, [...used].sort());
  const unused = out.coverUsed(keyPath, o, used, "converted", CONTAINERFILE);
  if (unused.length > 0) {
    out.report("security.openscap-unused", unused[0]!, {
      title: `${unused.map((k) => k.slice(keyPath.length + 1)).join(", ")} not applied`,
      detail: `The remediation uses ${o.json_tailoring?.filepath && o.json_tailoring.profile_id ? "json_tailoring, which replaces profile_id and tailoring" : "profile_id"}; policy_id names a Red Hat Insights policy that cannot be resolved offline.`,
    });
  }
  out.report("security.openscap", keyPath, {
    title: `the image is remediated for ${profile} at build time`,
    detail:
      "oscap-im applies the profile inside the build (it needs a recent openscap-utils). Composer rejected openscap for edge types, so this is new behaviour; rules about kernel arguments, partitions or runtime services may still fail a scan.",
  });
  return out.done();
}

const dirnameOf = (p: string) => p.slice(0, p.lastIndexOf("/"));

/** Splits a PEM bundle into certificates. */
function certificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * An anchor's file name: its serial number in hex, as composer names them (osbuild/images
 * pkg/customizations/fsnode cacerts), so adding a certificate does not rename the others; a
 * content hash when the block does not parse as X.509.
 */
function anchorName(pem: string): string {
  try {
    return new X509Certificate(pem).serialNumber.toLowerCase();
  } catch {
    return `edge2bootc-${createHash("sha256").update(pem).digest("hex").slice(0, 16)}`;
  }
}

/** cacerts: anchors plus update-ca-trust. */
export function mapCacerts(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const keyPath = "customizations.cacerts";
  const bundles = ctx.blueprint.customizations?.cacerts?.pem_certs;
  if (ctx.blueprint.customizations?.cacerts === undefined) return out.done();
  out.coverIfEmpty(keyPath, ctx.blueprint.customizations.cacerts);
  (bundles ?? []).forEach((bundle, i) => {
    const certs = certificates(bundle);
    const kp = `${keyPath}.pem_certs[${i}]`;
    if (certs.length === 0) {
      out
        .cover(kp, "reported")
        .report("security.cacert-invalid", kp, { title: "no PEM certificate found", detail: "Expected -----BEGIN CERTIFICATE----- blocks." });
      return;
    }
    for (const cert of certs) out.overlayFile(`/etc/pki/ca-trust/source/anchors/${anchorName(cert)}.pem`, `${cert}\n`, [kp]);
    out.cover(kp, "converted", "/etc/pki/ca-trust/source/anchors");
  });
  if ((bundles ?? []).some((b) => certificates(b).length > 0)) out.run("config", ["update-ca-trust"], [keyPath]);
  return out.done();
}

/** rpm.import_keys.files: import into the rpmdb, which lives in /usr in image mode. */
export function mapRpmKeys(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const rpm = ctx.blueprint.customizations?.rpm;
  if (rpm === undefined) return out.done();
  const keyPath = "customizations.rpm.import_keys.files";
  out.coverIfEmpty("customizations.rpm", rpm).coverIfEmpty("customizations.rpm.import_keys", rpm.import_keys);
  const files = rpm.import_keys?.files;
  if (files === undefined) return out.done();
  if (files.length > 0) out.run("runtimeRepos", [`rpm --import ${files.map(shq).join(" ")}`], [keyPath]);
  return out.coverLeaves(keyPath, files, "converted", CONTAINERFILE).done();
}
