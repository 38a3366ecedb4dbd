import type { BlueprintKey, CustomizationKey } from "../blueprint/schema.js";
import type { MapperOutput } from "../plan/types.js";
import { mapAccounts } from "./accounts.js";
import type { MigrationContext } from "./context.js";
import { mapFirewall } from "./firewall.js";
import { mapFilesAndDirectories } from "./fsnodes.js";
import { mapHostname } from "./hostname.js";
import { mapKernel } from "./kernel.js";
import { mapLocale } from "./locale.js";
import { mapMetadata, mapPlatform } from "./metadata.js";
import { mapEnabledModules, mapPackages } from "./packages.js";
import { mapContainers } from "./containers.js";
import { mapDiskLayout } from "./disk.js";
import { mapInstaller, mapIso } from "./installer.js";
import { mapContainersStorage, mapFdo, mapIgnition } from "./manual.js";
import { mapMicroShift } from "./microshift.js";
import { mapMinimal } from "./minimal.js";
import { mapEdgeParity } from "./parity.js";
import { mapEdgeUpdates } from "./edge-updates.js";
import { mapCacerts, mapFips, mapOpenscap, mapRpmKeys } from "./security.js";
import { mapDnf, mapFirstboot, mapRhsm, mapSshd } from "./system-extras.js";
import { mapRepositories } from "./repositories.js";
import { mapServices } from "./services.js";
import { mapTime } from "./time.js";

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
