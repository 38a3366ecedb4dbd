/** The image-mode platform a blueprint is converted for. */
export interface Target {
  /** The distro named a release that has no bootc image; the base image is the first that has one. */
  raisedFrom?: string;
  family: "rhel" | "centos" | "fedora" | "unknown";
  major: number;
  minor?: number;
  baseImage: string;
  /** How the base image was chosen, for the report. */
  origin: "distro" | "option" | "default";
  /** The edge project was for RHEL 8: its devices have no bootc and cannot switch directly. */
  rhel8Source?: true;
}

/** RHEL 8 edge projects: composer's rhel-8, rhel-8.N and rhel-8N spellings. */
const RHEL8 = /^rhel-8(?:\.?\d+)?$/;

/** The first RHEL 9 minor release with a rhel-bootc image. */
export const FIRST_RHEL9_BOOTC_MINOR = 4;

export const DEFAULT_BASE_IMAGE = "registry.redhat.io/rhel9/rhel-bootc:latest";

type DistroTarget = Omit<Target, "origin">;

/** `rhel-9.4`, `rhel-94` (older composer), `rhel-10.0`, `centos-9`, `fedora-41`. */
export function targetFromDistro(distro: string): DistroTarget | undefined {
  const rhel = /^rhel-(\d+)(?:\.(\d+))?$/.exec(distro);
  if (rhel) {
    let major = Number(rhel[1]);
    let minor = rhel[2] === undefined ? undefined : Number(rhel[2]);
    if (minor === undefined && rhel[1]!.length >= 2 && !["10", "11", "12"].includes(rhel[1]!)) {
      // rhel-94 spells 9.4, rhel-100 spells 10.0
      const digits = rhel[1]!;
      const majorDigits = digits.startsWith("1") ? 2 : 1;
      major = Number(digits.slice(0, majorDigits));
      minor = Number(digits.slice(majorDigits));
    }
    // Bootc images exist for RHEL 9 and 10; anything far beyond is a typo, not a release.
    if (major < 9 || major > 12 || (minor !== undefined && minor > 20)) return undefined;
    // rhel-bootc images start at 9.4 (Red Hat, image mode for RHEL 9 documentation): an older
    // minor gets the first image there is, and the report says so.
    if (major === 9 && minor !== undefined && minor < FIRST_RHEL9_BOOTC_MINOR) {
      return {
        family: "rhel",
        major,
        minor: FIRST_RHEL9_BOOTC_MINOR,
        baseImage: `registry.redhat.io/rhel9/rhel-bootc:9.${FIRST_RHEL9_BOOTC_MINOR}`,
        raisedFrom: `${major}.${minor}`,
      };
    }
    const tag = minor === undefined ? "latest" : `${major}.${minor}`;
    return { family: "rhel", major, minor, baseImage: `registry.redhat.io/rhel${major}/rhel-bootc:${tag}` };
  }
  const centos = /^centos-(?:stream-?)?(\d+)$/.exec(distro);
  if (centos) {
    const major = Number(centos[1]);
    if (major < 9 || major > 12) return undefined;
    return { family: "centos", major, baseImage: `quay.io/centos-bootc/centos-bootc:stream${major}` };
  }
  const fedora = /^fedora-(\d+)$/.exec(distro);
  if (fedora) {
    const major = Number(fedora[1]);
    if (major < 39 || major > 99) return undefined;
    return { family: "fedora", major, baseImage: `quay.io/fedora/fedora-bootc:${major}` };
  }
  return undefined;
}

/** Best effort for --base-image: the major version decides RHEL 10 rules such as no modularity. */
function majorFromImage(image: string): number {
  const m = /(?:rhel|stream|centos)(\d+)/.exec(image) ?? /:(\d+)(?:\.\d+)?$/.exec(image);
  return m ? Number(m[1]) : 9;
}

export function resolveTarget(distro: string | undefined, baseImageOption: string | undefined): Target {
  const target = chooseTarget(distro, baseImageOption);
  return distro !== undefined && RHEL8.test(distro) ? { ...target, rhel8Source: true } : target;
}

function chooseTarget(distro: string | undefined, baseImageOption: string | undefined): Target {
  const fromDistro = distro ? targetFromDistro(distro) : undefined;
  if (baseImageOption) {
    return {
      ...(fromDistro ?? { family: "unknown", major: majorFromImage(baseImageOption) }),
      baseImage: baseImageOption,
      origin: "option",
    };
  }
  if (fromDistro) return { ...fromDistro, origin: "distro" };
  return { family: "rhel", major: 9, baseImage: DEFAULT_BASE_IMAGE, origin: "default" };
}
