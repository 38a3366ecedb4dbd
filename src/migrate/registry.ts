import type { BlueprintKey, CustomizationKey } from "../blueprint/schema.js";
import type { MapperOutput } from "../plan/types.js";
import { mapAccounts } from "./map/accounts.js";
import type { MigrationContext } from "./resolve/context.js";
import { mapFirewall } from "./map/firewall.js";
import { mapFilesAndDirectories } from "./map/fsnodes.js";
import { mapHostname } from "./map/hostname.js";
import { mapKernel } from "./map/kernel.js";
import { mapLocale } from "./map/locale.js";
import { mapMetadata, mapPlatform } from "./map/metadata.js";
import { mapEnabledModules, mapPackages } from "./map/packages.js";
import { mapContainers } from "./map/containers.js";
import { mapDiskLayout } from "./map/disk.js";
import { mapInstaller, mapIso } from "./map/installer.js";
import { mapContainersStorage, mapFdo, mapIgnition } from "./map/manual.js";
import { mapMicroShift } from "./map/microshift.js";
import { mapMinimal } from "./map/minimal.js";
import { mapEdgeParity } from "./map/parity.js";
import { mapEdgeUpdates } from "./map/edge-updates.js";
import { mapCacerts, mapFips, mapOpenscap, mapRpmKeys } from "./map/security.js";
import { mapDnf, mapFirstboot, mapRhsm, mapSshd } from "./map/system-extras.js";
import { mapRepositories } from "./map/repositories.js";
import { mapServices } from "./map/services.js";
import { mapTime } from "./map/time.js";

export type MappedKey = Exclude<BlueprintKey, "customizations"> | `customizations.${CustomizationKey}`;

export interface Mapper {
  concern: string;
  keys: readonly MappedKey[];
  map(ctx: MigrationContext): MapperOutput;
}

/** Every concern, in a fixed order (the Containerfile order itself comes from the stage numbers). */
export const MAPPERS = [
  { concern: "metadata", keys: ["name", "description", "version"], map: mapMetadata },
  { concern: "platform", keys: ["distro", "architecture"], map: mapPlatform },
  { concern: "modularity", keys: ["enabled_modules"], map: mapEnabledModules },
  { concern: "packages", keys: ["packages", "modules", "groups"], map: mapPackages },
  { concern: "minimal", keys: ["minimal"], map: mapMinimal },
  { concern: "hostname", keys: ["customizations.hostname"], map: mapHostname },
  { concern: "kernel", keys: ["customizations.kernel"], map: mapKernel },
  { concern: "accounts", keys: ["customizations.group", "customizations.user", "customizations.sshkey"], map: mapAccounts },
  { concern: "time", keys: ["customizations.timezone"], map: mapTime },
  { concern: "locale", keys: ["customizations.locale"], map: mapLocale },
  { concern: "firewall", keys: ["customizations.firewall"], map: mapFirewall },
  { concern: "services", keys: ["customizations.services"], map: mapServices },
  { concern: "files", keys: ["customizations.files", "customizations.directories"], map: mapFilesAndDirectories },
  { concern: "repositories", keys: ["customizations.repositories"], map: mapRepositories },
  // Before containers: the release images it embeds need microshift-release-info installed first.
  { concern: "microshift", keys: [], map: mapMicroShift },
  { concern: "containers", keys: ["containers"], map: mapContainers },
  { concern: "disk layout", keys: ["customizations.filesystem", "customizations.disk", "customizations.partitioning_mode"], map: mapDiskLayout },
  { concern: "installer", keys: ["customizations.installer", "customizations.installation_device"], map: mapInstaller },
  { concern: "iso", keys: ["customizations.iso"], map: mapIso },
  { concern: "fips", keys: ["customizations.fips"], map: mapFips },
  { concern: "openscap", keys: ["customizations.openscap"], map: mapOpenscap },
  { concern: "cacerts", keys: ["customizations.cacerts"], map: mapCacerts },
  { concern: "rpm keys", keys: ["customizations.rpm"], map: mapRpmKeys },
  { concern: "rhsm", keys: ["customizations.rhsm"], map: mapRhsm },
  { concern: "dnf", keys: ["customizations.dnf"], map: mapDnf },
  { concern: "sshd", keys: ["customizations.sshd"], map: mapSshd },
  { concern: "firstboot", keys: ["customizations.firstboot"], map: mapFirstboot },
  { concern: "fdo", keys: ["customizations.fdo"], map: mapFdo },
  { concern: "ignition", keys: ["customizations.ignition"], map: mapIgnition },
  { concern: "containers-storage", keys: ["customizations.containers-storage"], map: mapContainersStorage },
  { concern: "edge parity", keys: [], map: mapEdgeParity },
  { concern: "edge update machinery", keys: [], map: mapEdgeUpdates },
] as const satisfies readonly Mapper[];

// A blueprint key without a mapper is a compile error here, naming the key.
type Unmapped = Exclude<MappedKey, (typeof MAPPERS)[number]["keys"][number]>;
const everyKeyHasAMapper: [Unmapped] extends [never] ? true : Unmapped = true;
void everyKeyHasAMapper;
