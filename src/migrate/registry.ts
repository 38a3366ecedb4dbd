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
import { mapMinimal, pendingMapper } from "./pending.js";
import { mapRepositories } from "./repositories.js";
import { mapServices } from "./services.js";
import { mapTime } from "./time.js";

export type MappedKey = Exclude<BlueprintKey, "customizations"> | `customizations.${CustomizationKey}`;

export interface Mapper {
  concern: string;
  keys: readonly MappedKey[];
  map(ctx: MigrationContext): MapperOutput;
}

const pending = <K extends MappedKey>(key: K) => ({
  concern: `pending:${key}`,
  keys: [key] as const,
  map: pendingMapper(key),
});

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
  pending("containers"),
  pending("customizations.filesystem"),
  pending("customizations.disk"),
  pending("customizations.partitioning_mode"),
  pending("customizations.installation_device"),
  pending("customizations.fdo"),
  pending("customizations.openscap"),
  pending("customizations.ignition"),
  pending("customizations.fips"),
  pending("customizations.installer"),
  pending("customizations.rpm"),
  pending("customizations.rhsm"),
  pending("customizations.cacerts"),
  pending("customizations.containers-storage"),
  pending("customizations.firstboot"),
  pending("customizations.dnf"),
  pending("customizations.iso"),
  pending("customizations.sshd"),
] as const satisfies readonly Mapper[];

// A blueprint key without a mapper is a compile error here, naming the key.
type Unmapped = Exclude<MappedKey, (typeof MAPPERS)[number]["keys"][number]>;
const everyKeyHasAMapper: [Unmapped] extends [never] ? true : Unmapped = true;
void everyKeyHasAMapper;
