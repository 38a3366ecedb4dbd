import type { MapperOutput, SourceRef } from "../../plan/types.js";
import { shq } from "../../util/shell.js";
import { CONTAINERFILE, Emitter, type MigrationContext } from "../resolve/context.js";

/** The base image already has exactly one kernel; installing it again may add a second one. */
const BASE_KERNEL = /^kernel(-core|-modules|-modules-core|-modules-extra)?$/;
const OTHER_KERNEL = /^kernel-(rt|64k|debug|rt-debug|64k-debug)(-core)?$/;

/** Package.ToNameVersion: a version of "", "*" or none means the name alone. */
function nameVersion(name: string, version: string | undefined): string {
  return version === undefined || version === "" || version === "*" ? name : `${name}-${version}`;
}

/** packages, modules (RPM names, not modularity) and groups → one dnf install layer. */
export function mapPackages(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const specs: string[] = [];
  const provenance: SourceRef[] = [];
  for (const list of ["packages", "modules"] as const) {
    const items = ctx.blueprint[list];
    if (items === undefined) continue;
    out.coverIfEmpty(list, items, CONTAINERFILE);
    items.forEach((pkg, i) => {
      const keyPath = `${list}[${i}]`;
      if (BASE_KERNEL.test(pkg.name)) {
        out.cover(keyPath, "reported").report("packages.kernel-already-in-base", keyPath, {
          title: `${pkg.name} is not installed again: the bootc base image already has its kernel`,
          detail:
            "bootc images must contain exactly one kernel (bootc container lint fails otherwise); installing the kernel package again can add a second one.",
        });
        return;
      }
      if (OTHER_KERNEL.test(pkg.name)) {
        // Installed next to the base kernel it fails the build twice over on RHEL: bootc container
        // lint wants one kernel, and kernel-rt is not even in the repositories a build sees.
        out.cover(keyPath, "reported").report("packages.second-kernel", keyPath, {
          title: `${pkg.name} is not installed: it would add a second kernel next to the base image's kernel`,
          detail:
            "bootc container lint fails when /usr/lib/modules holds more than one kernel. A kernel flavour replaces the base image's kernel through customizations.kernel.name, which swaps the packages and rebuilds the initramfs.",
          remediation: `Remove ${pkg.name} from ${list} and set customizations.kernel.name = "${pkg.name.replace(/-core$/, "")}".`,
        });
        return;
      }
      specs.push(nameVersion(pkg.name, pkg.version));
      provenance.push(ctx.at(keyPath));
      out.cover(keyPath, "converted", CONTAINERFILE);
    });
  }
  const groups = ctx.blueprint.groups;
  if (groups !== undefined) {
    out.coverIfEmpty("groups", groups, CONTAINERFILE);
    groups.forEach((group, i) => {
      specs.push(`@${group.name}`);
      provenance.push(ctx.at(`groups[${i}]`));
      out.cover(`groups[${i}]`, "converted", CONTAINERFILE);
    });
  }
  if (specs.length > 0) out.step({ kind: "dnf-install", stage: "packages", packages: specs, provenance });
  return out.done();
}

/** enabled_modules → dnf module enable, before any package is installed. */
export function mapEnabledModules(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const modules = ctx.blueprint.enabled_modules ?? [];
  out.coverIfEmpty("enabled_modules", ctx.blueprint.enabled_modules, CONTAINERFILE);
  if (ctx.target.major >= 10) {
    modules.forEach((m, i) =>
      out.cover(`enabled_modules[${i}]`, "reported").report("packages.modularity-removed", `enabled_modules[${i}]`, {
        title: `Module stream ${m.name}:${m.stream} cannot be enabled: RHEL ${ctx.target.major} has no DNF modularity`,
        detail: "RHEL 10 removed modularity; application streams ship as normal packages with versioned names.",
        remediation: `Install the versioned package for ${m.name} ${m.stream} (search with: dnf search ${m.name}) in packages.`,
      }),
    );
    return out.done();
  }
  if (modules.length > 0) {
    out.step({
      kind: "run",
      stage: "moduleEnable",
      commands: [`dnf -y module enable ${modules.map((m) => shq(`${m.name}:${m.stream}`)).join(" ")}`, "dnf clean all"],
      provenance: modules.map((_, i) => ctx.at(`enabled_modules[${i}]`)),
    });
    modules.forEach((_, i) => out.cover(`enabled_modules[${i}]`, "converted", CONTAINERFILE));
  }
  return out.done();
}
