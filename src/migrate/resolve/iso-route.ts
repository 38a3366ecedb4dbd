import { bibHas, BIB_FEATURES, DEFAULT_BIB_PROFILE, type IsoType, type SourceImage } from "../../bib/profile.js";
import type { Target } from "./target.js";

/** The ISO type an installer is built as, and why bootc-generic-iso was not taken when it was asked for. */
export interface IsoRoute {
  type: IsoType;
  refused?: string;
}

/**
 * bootc-generic-iso only where what it needs is documented: an image-builder that has the type
 * (bib/profile.ts), and an Anaconda with the bootc kickstart command, which installs the payload
 * that --bootc-installer-payload-ref copies into the installer's containers-storage
 * (osbuild/image-builder doc/20-advanced/20-bootc/10-isos.md). RHEL 10 has that command
 * (pykickstart's rhel10 handler, RHEL 10 "Automatically installing RHEL": bootc); RHEL 9's
 * Anaconda has only ostreecontainer, and RHEL documents no containers-storage transport for it.
 * anaconda-iso is the default: bootc-image-builder keeps building it on RHEL 9 and 10
 * (osbuild/image-builder#2610) and it needs no installer image of the team's own.
 */
export function decideIsoRoute(source: SourceImage, target: Target, asked: IsoType | undefined, bibProfile: string | undefined): IsoRoute | undefined {
  if (!source.iso) return undefined;
  if (asked !== "bootc-generic-iso") return { type: "anaconda-iso" };
  if (!bibHas(bibProfile, "bootc-generic-iso"))
    return {
      type: "anaconda-iso",
      refused: `bootc-generic-iso arrived in the ${BIB_FEATURES["bootc-generic-iso"]} releases; profile ${bibProfile ?? DEFAULT_BIB_PROFILE} predates it`,
    };
  // A base image given by name only (family unknown) counts when its name says 10: a team's own RHEL 10 base.
  const rhelLike = target.family === "rhel" || target.family === "centos" || (target.family === "unknown" && target.major === 10);
  if (target.major < 10 || !rhelLike)
    return {
      type: "anaconda-iso",
      refused: `the installer image edge2bootc writes is for RHEL 10 (and CentOS Stream 10), whose Anaconda installs the payload with the bootc kickstart command; this project targets ${target.family} ${target.major}`,
    };
  return { type: "bootc-generic-iso" };
}
