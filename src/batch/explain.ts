import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CONTENT_SNIFF_LIMIT, discoverFiles, type SkippedFile } from "./discover.js";

/** What a batch looks for, said when it found nothing to convert. */
export const LOOKED_FOR =
  "blueprints (.toml with a blueprint's keys) and kickstarts (.ks, .cfg with a kickstart command), also templated (.j2, .tmpl, .in, …); " +
  "files of other names that hold ostreesetup or a blueprint when a template suffix ends their name; files edge2bootc.toml names in include or [[pair]]";

/** Words that show a file is about an edge project, whatever its name. */
const EDGE_MENTION = /^\s*ostreesetup\b|^\s*\[\[packages\]\]/m;

/**
 * When a batch finds no project: the files that mention `ostreesetup` or `[[packages]]` but were
 * not taken, each with why (its skip reason, or that its name is not one the batch reads), so
 * "0 projects" explains itself. Walks the repository as discovery does (.gitignore, no links).
 */
export function untakenMentions(root: string, exclude: readonly string[], skipped: readonly SkippedFile[]): SkippedFile[] {
  const reasons = new Map(skipped.map((s) => [s.path, s.reason]));
  const out: SkippedFile[] = [];
  for (const path of discoverFiles(root, exclude, ["**"]).candidates) {
    const full = join(root, path);
    let text: string;
    try {
      if (statSync(full).size > CONTENT_SNIFF_LIMIT) continue;
      text = readFileSync(full, "utf8");
    } catch {
      continue;
    }
    if (!EDGE_MENTION.test(text)) continue;
    out.push({
      path,
      reason: reasons.get(path) ?? "its name is not one a batch reads as an input: name it in include in edge2bootc.toml (or rename it .ks or .toml)",
    });
  }
  return out;
}
