import type { RepositoryCustomization } from "../../blueprint/schema.js";
import type { GeneratedFile, MapperOutput, SourceRef } from "../../plan/types.js";
import { iniFile, type IniSection } from "../../util/ini.js";
import { shq } from "../../util/shell.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

const REPOS = "customizations.repositories";
const INLINE_KEY = /-----BEGIN PGP PUBLIC KEY BLOCK-----/;

const bool = (v: boolean | undefined) => (v === undefined ? undefined : v ? "1" : "0");

/** composer's RepoCustomizationsToRepoConfigAndGPGKeyFiles naming: <filename or id>.repo. */
function repoFilename(repo: RepositoryCustomization): string {
  const name = repo.filename ?? repo.id;
  return name.endsWith(".repo") ? name : `${name}.repo`;
}

function repoSection(repo: RepositoryCustomization, gpgkeys: string[]): IniSection {
  return {
    name: repo.id,
    entries: [
      ["name", repo.name ?? repo.id],
      ["baseurl", repo.baseurls?.length ? repo.baseurls : undefined],
      ["metalink", repo.metalink],
      ["mirrorlist", repo.mirrorlist],
      ["enabled", bool(repo.enabled ?? true)],
      ["gpgcheck", bool(repo.gpgcheck)],
      ["repo_gpgcheck", bool(repo.repo_gpgcheck)],
      ["sslverify", bool(repo.sslverify)],
      ["priority", repo.priority],
      ["module_hotfixes", bool(repo.module_hotfixes)],
      ["gpgkey", gpgkeys.length ? gpgkeys : undefined],
    ],
  };
}

/** repositories → /etc/yum.repos.d files; inline armored keys → /etc/pki/rpm-gpg files imported with rpm --import. */
export function mapRepositories(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const repos = ctx.blueprint.customizations?.repositories;
  if (repos === undefined) return out.done();
  out.coverIfEmpty(REPOS, repos);

  // Build-time repos must be in place before the package layer; the others after it, so they cannot change what it installs.
  const files = new Map<string, { sections: IniSection[]; provenance: SourceRef[]; installFrom: boolean }>();
  const keyFiles: GeneratedFile[] = [];
  repos.forEach((repo, i) => {
    const keyPath = `${REPOS}[${i}]`;
    const src = ctx.at(keyPath);
    const gpgkeys = (repo.gpgkeys ?? []).flatMap((key, k) => {
      if (!INLINE_KEY.test(key) && /\s/.test(key.trim())) {
        // Neither an armored key nor one URL: written as is, its line breaks would add keys to the .repo file.
        out.cover(`${keyPath}.gpgkeys[${k}]`, "reported").report("repositories.gpgkey-invalid", `${keyPath}.gpgkeys[${k}]`, {
          title: `gpgkeys[${k}] of repository ${repo.id} is neither an armored public key nor a URL; not converted`,
          detail: "A gpgkeys entry is either the key itself (-----BEGIN PGP PUBLIC KEY BLOCK-----) or the URL of a key file.",
        });
        return [];
      }
      if (!INLINE_KEY.test(key)) return [key.trim()];
      const path = `/etc/pki/rpm-gpg/RPM-GPG-KEY-${repo.id}-${k}`;
      keyFiles.push({ path: `overlay${path}`, contents: key.endsWith("\n") ? key : `${key}\n`, provenance: [ctx.at(`${keyPath}.gpgkeys[${k}]`)] });
      return [`file://${path}`];
    });
    if (!/^[\w.-]{1,250}$/.test(repo.id) || !/^[\w.-]{1,250}$/.test(repoFilename(repo))) {
      out.cover(keyPath, "reported").report("repositories.invalid-name", keyPath, {
        title: `Repository id or filename "${repo.filename ?? repo.id}" is not a valid file name; not converted`,
        detail: "Repository ids and filenames may contain only letters, digits, '_', '.' and '-'.",
      });
      return;
    }
    const filename = repoFilename(repo);
    const entry = files.get(filename) ?? { sections: [], provenance: [], installFrom: false };
    entry.sections.push(repoSection(repo, gpgkeys));
    entry.provenance.push(src);
    entry.installFrom ||= repo.install_from === true;
    files.set(filename, entry);
    out.cover(keyPath, "converted", `/etc/yum.repos.d/${filename}`);
  });

  for (const [filename, entry] of files) {
    const path = `overlay/etc/yum.repos.d/${filename}`;
    out.file({ path, contents: iniFile(entry.sections), provenance: entry.provenance });
    out.step({
      kind: "copy",
      stage: entry.installFrom ? "buildRepos" : "runtimeRepos",
      source: path,
      destination: `/etc/yum.repos.d/${filename}`,
      chmod: "0644",
      provenance: entry.provenance,
    });
  }
  for (const key of keyFiles) {
    out.file(key);
    const destination = key.path.slice("overlay".length);
    out.step({ kind: "copy", stage: "buildRepos", source: key.path, destination, chmod: "0644", provenance: key.provenance });
  }
  if (keyFiles.length > 0) {
    out.step({
      kind: "run",
      stage: "buildRepos",
      commands: [`rpm --import ${keyFiles.map((k) => shq(k.path.slice("overlay".length))).join(" ")}`],
      provenance: keyFiles.flatMap((k) => k.provenance),
    });
  }
  if (repos.some((r) => r.install_from !== true)) {
    out.report("repositories.runtime-only", REPOS, {
      title: "Repositories are added after the package layer, as composer never installed from them",
      detail:
        "Blueprint repositories configure the running system. On a bootc machine packages come with image updates, so these files mainly serve derived image builds and debugging. Set install_from = true for a repository the image build itself must use.",
    });
  }
  return out.done();
}
