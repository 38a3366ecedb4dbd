import { splitKernelArgs } from "../../util/kernel-args.js";
import type { Blueprint } from "../../blueprint/schema.js";
import { sourceImage } from "../../bib/profile.js";
import type { SourceRef } from "../../plan/types.js";
import type { PasswordHasher } from "../../util/crypt.js";
import { planAccounts } from "./account-plan.js";
import { BASE_IMAGE_GROUPS } from "./base-groups.js";
import { BASE_IMAGE_USERS } from "./base-users.js";
import type { ContainersStrategy, MigrationContext, MigrationOptions } from "./context.js";
import { decideInstallerKickstart } from "./install-layout.js";
import { decideIsoRoute } from "./iso-route.js";
import { microshiftFacts } from "./microshift-facts.js";
import { resolveTarget, type Target } from "./target.js";

/** Logically bound images need bootc's bound-images support: RHEL 9.5 and later (Red Hat, "What's new in image mode for RHEL 9.5"). */
export function supportsBoundImages(target: Target): boolean {
  return !(target.family === "rhel" && target.major === 9 && target.minor !== undefined && target.minor < 5);
}

/** A placeholder reference from the blueprint's name and version, for when no --image is given (the report says so). */
function imageRef(name: string | undefined, version: string | undefined): string {
  const repo =
    (name ?? "edge-image")
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[^a-z0-9]+/, "") || "edge-image";
  const tag = (version ?? "latest").replace(/[^A-Za-z0-9_.-]+/g, "-");
  return `registry.example.com/${repo}:${tag}`;
}

/**
 * The facts every mapper reads, decided once per conversion so that no two mappers can disagree:
 * the target (release, base image), the edge image type and what it implies (deploy-time
 * accounts, an installer ISO), where and when each account is created, how [[containers]]
 * enter the image, and whether (and for which release) the project is a MicroShift one.
 */
export function resolveProject(
  blueprint: Blueprint,
  options: MigrationOptions,
  at: (keyPath: string) => SourceRef,
  passwords: PasswordHasher,
): MigrationContext {
  const target = resolveTarget(blueprint.distro, options.baseImage);
  const source = sourceImage(options);
  const isoRoute = decideIsoRoute(source, target, options.isoType, options.bibProfile);
  const microshift = microshiftFacts(blueprint, target, options.microshiftVersion);
  // Offline blueprints (MicroShift release images, installer ISOs) and targets without bound images need the images inside the image.
  const containers: ContainersStrategy =
    options.containers ?? (microshift !== undefined || source.iso || !supportsBoundImages(target) ? "physical" : "logical");
  return {
    blueprint,
    options,
    image: options.image ?? imageRef(blueprint.name, blueprint.version),
    target,
    source,
    accounts: planAccounts(blueprint),
    containers,
    at,
    passwords,
    ...(microshift ? { microshift } : {}),
    kernelArgs: splitKernelArgs(blueprint.customizations?.kernel?.append ?? ""),
    installerKickstart: decideInstallerKickstart(blueprint, source, isoRoute?.type === "bootc-generic-iso"),
    ...(isoRoute ? { isoRoute } : {}),
  };
}

/**
 * Accounts that do not exist while the image is built, so nothing may be chowned to them then:
 * sysusers accounts (created at boot) and, for disk and installer images, every blueprint
 * account (created by bootc-image-builder or the installer kickstart when the machine is made).
 */
export function accountsAbsentAtBuild(ctx: MigrationContext): Set<string> {
  const plan = ctx.accounts;
  if (!deployTimeAccounts(ctx)) return plan.bootTime;
  const c = ctx.blueprint.customizations ?? {};
  return new Set([
    ...plan.accounts.map((a) => a.user.name).filter((n) => !BASE_IMAGE_USERS.has(n)),
    ...(c.group ?? []).map((g) => g.name).filter((n) => !BASE_IMAGE_GROUPS.has(n)),
  ]);
}

/** Disk images and installers create accounts per machine (mapping.md §2.3), not in the image. */
export function deployTimeAccounts(ctx: MigrationContext): boolean {
  return ctx.source.deployTimeUsers;
}
