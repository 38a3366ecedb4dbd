import type { MapperOutput } from "../../plan/types.js";
import { linesOf } from "../../plan/kickstart-document.js";
import { iniFile } from "../../util/ini.js";
import { shq } from "../../util/shell.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";
import { microShiftHints, type MicroShiftFacts } from "../resolve/microshift-facts.js";

/**
 * MicroShift projects get what the MicroShift team writes by hand in its bootc Containerfiles
 * (openshift/microshift packaging/imagemode/Containerfile.rhocp, docs/config/Containerfile.bootc-*,
 * test/image-blueprints-bootc): repositories, packages, the mandatory firewall sources, greenboot,
 * the ownership drop-in for devices moving from edge; every addition is reported with its reason.
 */

/** OVN-Kubernetes needs the pod network and the node's masquerade address trusted (MicroShift docs, howto_firewall.md). */
const MANDATORY_SOURCES = ["10.42.0.0/16", "169.254.169.1"];
const IPV6_SOURCE = "fd01::/48";
const CONFIG = "/etc/microshift/config.yaml";
const CONFIG_D = "/etc/microshift/config.d/";
/** Something only one machine has: an IPv4 address that is not a network (no /prefix), or per-host keys. */
const HOST_SPECIFIC = /\b\d{1,3}(?:\.\d{1,3}){3}\b(?!\/)|subjectAltNames|nodeIP|hostnameOverride/;
export const PULL_SECRET_KICKSTART = "kickstart/microshift-pull-secret.cfg";
const MAKE_RSHARED = "microshift-make-rshared.service";
const OWNERSHIP_DROP_IN = "/usr/lib/systemd/system/ovsdb-server.service.d/10-edge2bootc-ownership.conf";

const versionText = (ms: MicroShiftFacts) => `${ms.version.major}.${ms.version.minor}`;

function detected(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  const guessed = ms.version.source === "guess";
  const from = {
    option: "--microshift-version",
    package: `the microshift package version (${ms.version.keyPath})`,
    repository: `the repository name (${ms.version.keyPath})`,
    guess: `a guess from the target RHEL ${ctx.target.major}.${ctx.target.minor ?? "x"} (nothing in the blueprint names it)`,
  }[ms.version.source];
  out.report(guessed ? "microshift.version-guessed" : "microshift.detected", ms.signals[0]!, {
    title: `MicroShift project for MicroShift ${versionText(ms)}${guessed ? " (guessed)" : ""}`,
    detail: `${ms.signals.length} key(s) show MicroShift (packages, repositories, /etc/microshift files, the CRI-O pull secret, release images, the microshift service). The version comes from ${from}; it picks the rhocp repository.`,
    ...(guessed ? { remediation: "Pass --microshift-version 4.N (or pin the microshift package version in the blueprint) and convert again." } : {}),
  });
}

/**
 * The RHEL 9 minors each MicroShift release is supported on, where a source says so: the Red Hat
 * Device Edge release compatibility matrix (Red Hat build of MicroShift 4.16 and 4.17, "About
 * updates": 4.14 and 4.15 on 9.2/9.3, 4.16 and 4.17 on 9.4) and OCPSTRAT-1546 (4.18 on 9.4,
 * 4.19 on 9.6). Releases not listed are not judged.
 */
const SUPPORTED_RHEL9: Record<string, number[]> = { "4.14": [2, 3], "4.15": [2, 3], "4.16": [4], "4.17": [4], "4.18": [4], "4.19": [6] };

function pairing(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  const t = ctx.target;
  const minors = SUPPORTED_RHEL9[versionText(ms)];
  if (ms.version.source === "guess" || minors === undefined || t.family !== "rhel" || t.major !== 9 || t.minor === undefined || minors.includes(t.minor))
    return;
  out.report("microshift.rhel-pairing", ms.version.keyPath ?? ms.signals[0]!, {
    title: `MicroShift ${versionText(ms)} is not supported on RHEL 9.${t.minor}`,
    detail: `The Red Hat Device Edge release compatibility matrix pairs MicroShift ${versionText(ms)} with RHEL ${minors.map((m) => `9.${m}`).join(", ")}; RHEL and MicroShift must be updated together.`,
    remediation: `Build on rhel-bootc:9.${minors[minors.length - 1]} (distro or --base-image), or choose the MicroShift release paired with RHEL 9.${t.minor}.`,
  });
}

function repositories(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  if (ms.ownRepos) return;
  const rhel = ctx.target.major >= 10 ? 10 : 9;
  const repos = [`rhocp-${versionText(ms)}-for-rhel-${rhel}-$(uname -m)-rpms`, `fast-datapath-for-rhel-${rhel}-$(uname -m)-rpms`];
  out.step({
    kind: "run",
    stage: "buildRepos",
    commands: [`dnf config-manager ${repos.map((r) => `--set-enabled "${r}"`).join(" ")}`],
    provenance: [ctx.at(ms.signals[0]!)],
    origin: "MicroShift repositories",
  });
  out.report("microshift.repos-enabled", ms.signals[0]!, {
    title: `rhocp-${versionText(ms)} and fast-datapath repositories are enabled for the build`,
    detail:
      "MicroShift's RPMs come from the OpenShift and fast-datapath repositories, which the base image does not enable (MicroShift's Containerfile.rhocp does the same). " +
      "podman build uses the build host's subscription, so the host must be entitled to both.",
  });
  if (rhel === 10)
    out.report("microshift.repos-unverified", ms.signals[0]!, {
      title: `the RHEL 10 repository ids ${repos.map((r) => r.replace("$(uname -m)", "<arch>")).join(", ")} are unverified`,
      detail:
        "Red Hat's MicroShift documentation names the rhocp and fast-datapath repositories for RHEL 9 only, and MicroShift's own sources install the el9 layered content on el10; the RHEL 10 ids follow the RHEL 9 pattern and may not exist.",
    });
}

function packages(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  const listed = new Set((ctx.blueprint.packages ?? []).map((p) => p.name));
  const enabled = new Set(ctx.blueprint.customizations?.services?.enabled ?? []);
  const added: [string, string][] = [];
  const want = (name: string, why: string) => listed.has(name) || added.push([name, why]);
  want("microshift", "MicroShift itself");
  if (ms.releaseImages.length > 0) {
    want("microshift-release-info", "it lists the release images to embed");
    want("jq", "reads the release image list at build time");
  }
  want("firewalld", "MicroShift's mandatory firewall rules need it");
  want("greenboot", "MicroShift's health checks run under greenboot");
  if (ms.realtime) want("microshift-low-latency", "the low-latency tuned profiles replace kernel-rt");
  const then = [
    ...(enabled.has("microshift") || enabled.has("microshift.service") ? [] : ["systemctl enable microshift.service"]),
    ...(added.some(([n]) => n === "firewalld") ? ["systemctl enable firewalld.service"] : []),
    "systemctl enable greenboot-healthcheck.service",
    ...(ms.realtime ? ["systemctl enable microshift-tuned.service"] : []),
  ];
  if (added.length > 0)
    out.step({ kind: "dnf-install", stage: "packages", packages: added.map(([n]) => n), then, provenance: [ctx.at(ms.signals[0]!)], origin: "MicroShift" });
  else out.run("services", then, [ms.signals[0]!]);
  if (added.length > 0)
    out.report("microshift.packages-added", ms.signals[0]!, {
      title: `MicroShift packages added: ${added.map(([n]) => n).join(", ")}`,
      detail: `${added.map(([n, why]) => `${n}: ${why}`).join("; ")}. The MicroShift team's own bootc Containerfiles install these explicitly.`,
    });
  out.report("microshift.greenboot", ms.signals[0]!, {
    title: "greenboot-healthcheck.service is enabled for MicroShift's health checks",
    detail: "microshift ships greenboot checks that roll back an update whose cluster does not come up; they only run when greenboot is installed and enabled.",
  });
}

function firewall(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  const trusted = new Set((ctx.blueprint.customizations?.firewall?.zones ?? []).filter((z) => z.name === "trusted").flatMap((z) => z.sources ?? []));
  const missing = [...MANDATORY_SOURCES, ...(ms.ipv6 ? [IPV6_SOURCE] : [])].filter((s) => !trusted.has(s));
  if (missing.length === 0) return;
  out.run(
    "firewall",
    missing.map((s) => `firewall-offline-cmd --zone=trusted --add-source=${s}`),
    [ms.signals[0]!],
  );
  out.report("microshift.firewall-added", ms.signals[0]!, {
    title: `MicroShift's mandatory trusted sources added: ${missing.join(", ")}`,
    detail:
      "OVN-Kubernetes needs the pod network (10.42.0.0/16) and the node's masquerade address (169.254.169.1) in the trusted zone, and fd01::/48 when the cluster network is IPv6 (MicroShift firewall documentation). " +
      "Edge kickstarts often added them in %post; in image mode they belong in the image.",
  });
}

function config(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  const files = ctx.blueprint.customizations?.files ?? [];
  const configs = files.map((f, i) => ({ f, i })).filter(({ f }) => f.path === CONFIG || f.path.startsWith(CONFIG_D));
  if (configs.length === 0) {
    out.report("microshift.config-default", ms.signals[0]!, {
      title: "No /etc/microshift/config.yaml: MicroShift runs with its defaults",
      detail:
        "The microshift RPM documents every setting and its default in /etc/microshift/config.yaml.default; MicroShift reads config.yaml and config.d/*.yaml when they exist.",
    });
    return;
  }
  for (const { f, i } of configs) {
    if (!HOST_SPECIFIC.test(f.data ?? "")) continue;
    out.report("microshift.config-host-specific", `customizations.files[${i}]`, {
      title: `${f.path} names one machine (an address, a hostname or subjectAltNames) but is baked into the image`,
      detail: "Every machine installed from the image gets the same file. MicroShift's own kickstarts write such settings in %post, per machine.",
      remediation: `Move ${f.path} to the kickstart %post (cat > ${f.path} <<'EOF' ... EOF) and keep only static settings in the image.`,
    });
  }
}

/** The CRI-O pull secret never goes into the image: a kickstart %post fragment writes it at install time (0600). */
function pullSecret(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  const files = ctx.blueprint.customizations?.files ?? [];
  for (const i of ms.pullSecretFiles) {
    const f = files[i]!;
    const data = (f.data ?? "").endsWith("\n") ? f.data! : `${f.data ?? ""}\n`;
    const fragment = [
      `# edge2bootc: MicroShift's CRI-O pull secret (customizations.files[${i}] of the blueprint),`,
      "# written when the machine is installed; it is never baked into the image.",
      "%post --erroronfail",
      `install -d -m 0755 ${f.path.slice(0, f.path.lastIndexOf("/"))}`,
      `cat > ${f.path} <<'EDGE2BOOTC_PULL_SECRET'`,
      `${data}EDGE2BOOTC_PULL_SECRET`,
      `chmod 0600 ${shq(f.path)}`,
      `chown root:root ${shq(f.path)}`,
      "%end",
      "",
    ].join("\n");
    out.kickstart({
      path: PULL_SECRET_KICKSTART,
      role: "fragment",
      ...linesOf(fragment),
      sensitive: true,
      provenance: [ctx.at(`customizations.files[${i}]`)],
    });
    out.coverLeaves(`customizations.files[${i}]`, f, "moved", PULL_SECRET_KICKSTART);
    out.report("microshift.pull-secret", `customizations.files[${i}]`, {
      title: `The pull secret ${f.path} moves to the installation kickstart; it is not in the image`,
      detail:
        "Anyone who can pull an image can read every file in it, so MicroShift's bootc images never carry the pull secret. A %post block writes it with mode 0600 when the machine is installed: appended to every kickstart converted with the blueprint, else written to " +
        `${PULL_SECRET_KICKSTART}. Its content is not shown in this report, and kickstarts that hold it are written 0600. ` +
        "The edge commit carried it, so whoever could fetch that commit could read it.",
      remediation: `Without a converted kickstart, %include ${PULL_SECRET_KICKSTART.slice("kickstart/".length)} from the installation kickstart (or paste it into config.toml's installer kickstart). When images are embedded, build with podman build --secret id=pull-secret,src=<pull secret file>. Consider rotating the secret.`,
    });
  }
}

/** kernel-rt in a MicroShift blueprint: MicroShift's image-mode way is microshift-low-latency and tuned. */
function lowLatency(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  if (!ms.realtime) return;
  const provided = new Set((ctx.blueprint.customizations?.files ?? []).map((f) => f.path));
  const keyPath = "customizations.kernel.name";
  // The variables file is left to the package: an empty isolated_cores written over its
  // defaults would configure no isolation at all, and the blueprint gives no values to put there.
  if (!provided.has("/etc/microshift/tuned.yaml"))
    out.overlayFile("/etc/microshift/tuned.yaml", "profile: microshift-baseline\nreboot_after_apply: True\n", [keyPath]);
  out.report("microshift.low-latency", keyPath, {
    title: "kernel-rt becomes microshift-low-latency with the microshift-baseline tuned profile",
    detail:
      "MicroShift's bootc images do not swap the kernel: microshift-low-latency and microshift-tuned.service apply the microshift-baseline profile (isolated CPUs, huge pages, kernel arguments) and reboot once. " +
      "The kernel stays the base image's.",
  });
}

/**
 * Devices moving from an edge commit keep their /etc/passwd and /etc/group, so the openvswitch
 * user and the hugetlbfs group can be missing or have other ids than the image expects; MicroShift's
 * bootc images carry a drop-in that repairs them before ovsdb-server starts.
 */
export function ovsdbOwnershipDropIn(): string {
  return iniFile(
    [
      {
        name: "Service",
        entries: [
          ["ExecStartPre", "/bin/sh -c 'getent group hugetlbfs >/dev/null || groupadd -r hugetlbfs'"],
          ["ExecStartPre", "/bin/sh -c 'getent passwd openvswitch >/dev/null || useradd -r -d / -s /sbin/nologin openvswitch'"],
          ["ExecStartPre", "/usr/sbin/usermod -a -G hugetlbfs openvswitch"],
          ["ExecStartPre", "/usr/bin/chown -R openvswitch:openvswitch /etc/openvswitch"],
        ],
      },
    ],
    [
      "edge2bootc: devices that moved from an edge commit keep their own /etc/passwd and /etc/group.",
      "Recreate the openvswitch user and the hugetlbfs group when missing and give the database back",
      "to its owner before ovsdb-server starts. Remove once every device runs image mode.",
    ],
  );
}

function ownershipDropIn(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  const dropIn = ovsdbOwnershipDropIn();
  out.overlayFile(OWNERSHIP_DROP_IN, dropIn, [ms.signals[0]!]);
  out.report("microshift.ownership-drop-in", ms.signals[0]!, {
    title: "A drop-in repairs openvswitch and hugetlbfs ownership on devices moved from edge",
    detail:
      "bootc keeps a device's /etc, so users and groups created by the edge commit keep their ids, which can differ from the image's (known for openvswitch/hugetlbfs; check the ssh_keys group too). " +
      `${OWNERSHIP_DROP_IN} recreates them and fixes /etc/openvswitch before ovsdb-server starts, as MicroShift's own bootc images do.`,
  });
}

/**
 * OVN's images need / to be a shared mount. A host gets that from systemd; a bootc image run as a
 * container (podman run) does not, so MicroShift's images ship this unit, which only acts there.
 */
function makeRshared(out: Emitter, ms: MicroShiftFacts) {
  const unit = iniFile([
    {
      name: "Unit",
      entries: [
        ["Description", "Make the root mount shared for MicroShift when the image runs as a container"],
        ["Before", "microshift.service"],
        ["ConditionVirtualization", "container"],
      ],
    },
    {
      name: "Service",
      entries: [
        ["Type", "oneshot"],
        ["ExecStart", "/usr/bin/mount --make-rshared /"],
      ],
    },
    { name: "Install", entries: [["WantedBy", "multi-user.target"]] },
  ]);
  out.overlayFile(`/usr/lib/systemd/system/${MAKE_RSHARED}`, unit, [ms.signals[0]!]);
  // After the overlay stage that COPYs the unit in.
  out.run("services", [`systemctl enable ${MAKE_RSHARED}`], [ms.signals[0]!]);
  out.report("microshift.make-rshared", ms.signals[0]!, {
    title: `${MAKE_RSHARED} makes / a shared mount when the image runs as a container`,
    detail:
      "OVN-Kubernetes needs the root mount shared. On a machine it already is; when the bootc image is run with podman run it is not, and MicroShift's own Containerfiles add this unit (ConditionVirtualization=container keeps it idle on machines).",
  });
}

/**
 * LVMS (TopoLVM) makes MicroShift's persistent volumes in an LVM volume group. A disk image or
 * ISO made by bootc-image-builder gets bib's default layout (plain partitions, or the ISO
 * kickstart's autopart) unless the blueprint gives one with a volume group; commits are laid
 * out by the installing kickstart, which is checked on the kickstart side.
 */
function storage(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  if (ctx.source.bibType === undefined) return;
  const c = ctx.blueprint.customizations ?? {};
  const lvm = (c.disk?.partitions ?? []).some((p) => p.type === "lvm") || c.partitioning_mode === "lvm";
  const kickstartVg = /^\s*volgroup\s/m.test(c.installer?.kickstart?.contents ?? "");
  if (lvm || kickstartVg) return;
  out.report("microshift.lvm-no-free-space", c.disk !== undefined ? "customizations.disk" : ms.signals[0]!, {
    title: `MicroShift storage: the ${ctx.source.bibType} image gets no LVM volume group`,
    detail:
      "MicroShift's storage driver (LVMS, TopoLVM) creates persistent volumes in an LVM volume group with free space. bootc-image-builder's default layout has plain partitions (the anaconda-iso's kickstart uses autopart), so there is none.",
    remediation:
      'Add a [customizations.disk] layout with a type = "lvm" partition whose logical volumes leave space free (or an installer kickstart with part pv.01 --grow, volgroup rhel pv.01 and a fixed-size root), or install with your own kickstart.',
  });
}

/** EUS minors of RHEL 9 that MicroShift supports; offered, not chosen, since they need an EUS subscription. */
function baseImage(ctx: MigrationContext, out: Emitter, ms: MicroShiftFacts) {
  const t = ctx.target;
  if (t.family !== "rhel" || t.major !== 9 || t.minor === undefined || t.minor % 2 !== 0 || t.origin === "option") return;
  const eus = `registry.redhat.io/rhel9-eus/rhel-9.${t.minor}-bootc:9.${t.minor}`;
  out.report("microshift.base-image", ms.signals[0]!, {
    title: `FROM ${t.baseImage}; RHEL 9.${t.minor} is an EUS release: ${eus} is the EUS alternative`,
    detail:
      "MicroShift supports RHEL extended update support minors (its own docs build FROM the rhel9-eus bootc image). The standard image was chosen because the EUS one needs an EUS subscription on the build host.",
    remediation: `To stay on the EUS stream, convert with --base-image ${eus}.`,
  });
}

export function mapMicroShift(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const ms = ctx.microshift;
  if (ms === undefined) {
    const hints = microShiftHints(ctx.blueprint);
    if (hints.length > 0)
      out.report("microshift.not-detected", hints[0]!, {
        title: "keys that look like MicroShift, but no microshift package or service: treated as an ordinary image",
        detail: `${hints.join(", ")} hint at MicroShift, yet the blueprint installs neither the microshift package nor enables its service, so no MicroShift repositories, packages or services were added (openshift/microshift builds edge images without MicroShift, with only microshift-test-agent, and openshift-clients comes from the rhocp repository too).`,
      });
    return out.done();
  }
  detected(ctx, out, ms);
  pairing(ctx, out, ms);
  repositories(ctx, out, ms);
  packages(ctx, out, ms);
  firewall(ctx, out, ms);
  config(ctx, out, ms);
  pullSecret(ctx, out, ms);
  lowLatency(ctx, out, ms);
  ownershipDropIn(ctx, out, ms);
  makeRshared(out, ms);
  storage(ctx, out, ms);
  baseImage(ctx, out, ms);
  return out.done();
}
