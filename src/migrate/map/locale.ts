import type { MapperOutput } from "../../plan/types.js";
import { CONTAINERFILE, Emitter, type MigrationContext } from "../resolve/context.js";

/** glibc-langpack-<ll> for an ll_CC.charset locale; C and POSIX need none. */
export function langpackFor(locale: string): string | undefined {
  const m = /^([a-z]{2,3})(?:_[A-Z]{2})?(?:[.@].*)?$/.exec(locale);
  return m ? `glibc-langpack-${m[1]}` : undefined;
}

/** languages[0] → /etc/locale.conf (composer uses only the first), every language → its langpack; keyboard → vconsole.conf. */
export function mapLocale(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const locale = ctx.blueprint.customizations?.locale;
  if (locale === undefined) return out.done();
  out.coverIfEmpty("customizations.locale", locale).coverIfEmpty("customizations.locale.languages", locale.languages);
  const languages = locale.languages ?? [];

  const langpacks: string[] = [];
  languages.forEach((language, i) => {
    const keyPath = `customizations.locale.languages[${i}]`;
    const pack = langpackFor(language);
    if (pack === undefined && !/^(C|POSIX)(\..*)?$/.test(language)) {
      out.report("locale.unknown-language", keyPath, {
        title: `No langpack is known for locale "${language}"`,
        detail: "Locales are written ll_CC.charset (for example de_DE.UTF-8); the langpack is derived from ll.",
      });
    }
    if (pack !== undefined && !langpacks.includes(pack)) langpacks.push(pack);
    out.cover(keyPath, "converted", i === 0 ? "/etc/locale.conf" : CONTAINERFILE);
  });
  if (langpacks.length > 0) {
    out.step({
      kind: "dnf-install",
      stage: "packages",
      packages: langpacks,
      provenance: languages.map((_, i) => ctx.at(`customizations.locale.languages[${i}]`)),
    });
  }
  const primary = languages[0];
  if (primary !== undefined) {
    out.overlayFile("/etc/locale.conf", `LANG=${primary}\n`, ["customizations.locale.languages[0]"]);
    if (languages.length > 1) {
      out.report("locale.first-language-only", "customizations.locale.languages", {
        title: `${primary} is the system locale; the other languages only get their langpacks`,
        detail: "osbuild-composer also used only the first language as LANG.",
      });
    }
  }
  if (locale.keyboard !== undefined) {
    const keyPath = "customizations.locale.keyboard";
    out.overlayFile("/etc/vconsole.conf", `KEYMAP=${locale.keyboard}\n`, [keyPath]);
    out.cover(keyPath, "converted", "/etc/vconsole.conf");
  }
  return out.done();
}
