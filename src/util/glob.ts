/**
 * Repo-relative glob patterns for edge2bootc.toml: `*` and `?` stay inside one path segment,
 * `**` spans segments (`sites/**\/*.toml`), as in .gitignore and most CI tools. A pattern
 * without a slash matches the file name anywhere (git's rule for such patterns).
 *
 * Matching walks segments with a set of reachable positions and matches each segment with the
 * classic two-pointer wildcard algorithm: time is bounded by pattern length × path length. A
 * regular expression built from the pattern backtracked exponentially (twelve `**\/` took 96 s).
 */
export function matchesGlob(path: string, pattern: string): boolean {
  const segments = (pattern.includes("/") ? pattern : `**/${pattern}`).split("/");
  const parts = path.split("/");
  let reach = new Uint8Array(parts.length + 1);
  reach[0] = 1;
  segments.forEach((segment, k) => {
    const next = new Uint8Array(parts.length + 1);
    if (segment === "**") {
      // zero or more whole segments; a trailing ** needs at least one (factory/** is what is inside factory)
      const last = k === segments.length - 1;
      let seen = false;
      for (let j = 0; j <= parts.length; j++) {
        if (seen || (!last && reach[j])) next[j] = 1;
        seen ||= reach[j] === 1;
      }
    } else for (let j = 0; j < parts.length; j++) if (reach[j] && segmentMatches(parts[j]!, segment)) next[j + 1] = 1;
    reach = next;
  });
  return reach[parts.length] === 1;
}

/** `*` (any run, also `**` inside a segment) and `?` (one character) within one segment. */
function segmentMatches(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}
