/**
 * Repo-relative glob patterns for edge2bootc.toml: `*` and `?` stay inside one path segment,
 * `**` spans segments (`sites/**\/*.toml`), as in .gitignore and most CI tools. A pattern
 * without a slash matches the file name anywhere (git's rule for such patterns).
 */
export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(pattern.includes("/") ? `^${re}$` : `(?:^|/)${re}$`);
}

export function matchesGlob(path: string, pattern: string): boolean {
  return globToRegExp(pattern).test(path);
}
