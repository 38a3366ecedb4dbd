import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert.js";
import { CORPUS, TEST_SALT_SEED } from "../helpers.js";
import { factsOf } from "./facts.js";
import { renderGomplate } from "./gomplate.js";

/**
 * The MicroShift team keeps hand-written pairs: an edge blueprint and the bootc Containerfile of
 * the same scenario (openshift/microshift test/image-blueprints ↔ test/image-blueprints-bootc),
 * and so do some users. For every pair in ../shared/corpus this converts the blueprint and counts
 * how many facts of the hand-written Containerfile (packages, enabled services, firewall rules,
 * files, kernel arguments, embedded images) the generated one has, including those the blueprint
 * never names. Skipped, saying so, when the corpus is absent.
 */

/** Values the MicroShift CI gives the templates' variables (openshift/microshift test/bin/common.sh). */
const ENV: Record<string, string> = {
  MICROSHIFT_MANDATORY_RPMS: "microshift microshift-release-info",
  MICROSHIFT_OPTIONAL_RPMS:
    "microshift-olm microshift-olm-release-info microshift-multus microshift-multus-release-info microshift-gateway-api microshift-gateway-api-release-info",
  MICROSHIFT_Y2_OPTIONAL_RPMS: "microshift-olm microshift-olm-release-info microshift-multus microshift-multus-release-info",
  MICROSHIFT_X86_64_RPMS: "microshift-ai-model-serving microshift-ai-model-serving-release-info",
  MICROSHIFT_Y2_X86_64_RPMS: "",
  UNAME_M: "x86_64",
  SOURCE_VERSION: "4.21.0",
  CURRENT_RELEASE_VERSION: "4.20.3",
  BREW_LREL_RELEASE_VERSION: "4.20.3",
  BREW_Y1_RELEASE_VERSION: "4.19.9",
  BREW_Y2_RELEASE_VERSION: "4.18.20",
  PREVIOUS_MAJOR_VERSION: "4",
  PREVIOUS_MINOR_VERSION: "20",
  YMINUS2_MAJOR_VERSION: "4",
  YMINUS2_MINOR_VERSION: "18",
  SOURCE_IMAGES: "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:0000000000000000000000000000000000000000000000000000000000000001",
};

/**
 * Facts that serve only the MicroShift team's CI, not a product image: its test agent, the
 * locally built RPM repositories it copies in and removes again (edge2bootc enables the product
 * repositories with dnf config-manager instead), and helper scripts under /tmp.
 */
const CI_ONLY = [/^(package|service):microshift-test-agent$/, /^file:\/tmp\//, /^file:\/etc\/yum\.repos\.d\//];

/** Hand-written facts edge2bootc does not produce, each with the reason. */
const EXPLAINED_MISSES: Record<string, string> = {
  "package:pcp": "a dependency of pcp-zeroconf: the hand-written file names it, the blueprint does not, and dnf installs it anyway",
  "package:systemd-resolved":
    "the rhel96 y-2 Containerfile installs it for the CI's DNS setup, its blueprint does not list it (the rhel98 pairs list it on both sides, and there it is generated)",
};

interface Pair {
  blueprint: string;
  containerfile: string;
}

function corpusPairs(): Pair[] {
  const readme = readFileSync(join(CORPUS, "README.md"), "utf8");
  const pairs: Pair[] = [];
  for (const line of readme.split("\n")) {
    const cells = line.split("|").map((c) => c.trim().replace(/^`|`$/g, ""));
    // | local file | source repo | source path | commit | kind | templated | license | paired_with |
    if (cells.length < 9 || cells[5] !== "blueprint" || cells[8] === "—") continue;
    const local = cells[1]!;
    const folder = local.slice(0, local.indexOf("/"));
    const counterpart = `${folder}/${cells[8]!.replace(/\//g, "__")}`;
    if (existsSync(join(CORPUS, local)) && existsSync(join(CORPUS, counterpart))) pairs.push({ blueprint: local, containerfile: counterpart });
  }
  return pairs;
}

const present = existsSync(join(CORPUS, "README.md"));
if (!present) console.log(`MicroShift pair comparison skipped: no corpus at ${CORPUS} (set E2B_CORPUS)`);

describe.skipIf(!present)("MicroShift edge/bootc pairs in the corpus", () => {
  const pairs = present ? corpusPairs() : [];
  let found = 0;
  let total = 0;

  it("finds the pairs", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(5);
  });

  it.each(pairs.map((p) => [p.blueprint, p] as const))("%s: every fact of the hand-written Containerfile is generated", (_, pair) => {
    const blueprint = renderGomplate(readFileSync(join(CORPUS, pair.blueprint), "utf8"), ENV);
    const hand = renderGomplate(readFileSync(join(CORPUS, pair.containerfile), "utf8"), ENV);
    const result = convert({ path: pair.blueprint, text: blueprint }, { salt: { seed: TEST_SALT_SEED } });
    const overlay = Object.fromEntries(result.artifacts.filter((a) => a.path.startsWith("overlay/")).map((a) => [a.path, a.contents]));
    const ours = factsOf(result.artifacts.find((a) => a.path === "Containerfile")!.contents, overlay);
    for (const path of Object.keys(overlay)) ours.add(`file:${path.slice("overlay".length)}`); // COPY destinations by path too
    const wanted = [...factsOf(hand)].filter((f) => !CI_ONLY.some((re) => re.test(f)));
    const missing = wanted.filter((f) => !ours.has(f));
    const unexplained = missing.filter((f) => EXPLAINED_MISSES[f] === undefined);
    found += wanted.length - missing.length;
    total += wanted.length;
    console.log(
      `${pair.blueprint}: ${wanted.length - missing.length}/${wanted.length} facts (${((100 * (wanted.length - missing.length)) / Math.max(wanted.length, 1)).toFixed(0)}%)` +
        (missing.length ? `; missing: ${missing.map((m) => `${m}${EXPLAINED_MISSES[m] ? " (explained)" : ""}`).join(", ")}` : ""),
    );
    expect(unexplained).toEqual([]);
  });

  it("prints the overall recall", () => {
    console.log(`MicroShift pairs overall: ${found}/${total} facts (${((100 * found) / Math.max(total, 1)).toFixed(1)}%)`);
    expect(found).toBeGreaterThan(0);
  });
});

describe("the comparison's own helpers", () => {
  it("render the gomplate the MicroShift templates use", () => {
    const t =
      '{{- /* note */ -}}\nname = "{{ .Env.N }}"\n{{ range (env.Getenv "RPMS" | strings.Split " ") }}[[packages]]\nname = "{{ . }}"\n{{ end }}{{ if env.Getenv "X" "" }}yes{{ else }}no{{ end }}';
    expect(renderGomplate(t, { N: "n", RPMS: "a b" })).toBe('name = "n"\n[[packages]]\nname = "a"\n[[packages]]\nname = "b"\nyes');
  });

  it("count the same fact however it is written", () => {
    const hand = [
      'RUN dnf install -y firewalld "microshift-4.18.1" && systemctl enable microshift',
      "RUN firewall-offline-cmd --zone=public --add-port=22/tcp && firewall-offline-cmd --zone=trusted --add-source=10.42.0.0/16",
      "COPY a.conf /usr/lib/systemd/system/ovsdb-server.service.d/x.conf",
      "RUN cat > /etc/microshift/config.yaml <<'EOF'\nk: v\nEOF",
    ].join("\n");
    const ours = [
      "RUN dnf -y install \\\n      'microshift-4.18.*' \\\n      firewalld \\\n && systemctl enable microshift.service",
      "RUN firewall-offline-cmd --service=ssh",
      "RUN firewall-offline-cmd --zone=trusted --add-source=10.42.0.0/16",
      "COPY overlay/y.conf /etc/systemd/system/ovsdb-server.service.d/10-y.conf",
      "COPY --chmod=0644 overlay/etc/microshift/config.yaml /etc/microshift/config.yaml",
    ].join("\n");
    expect([...factsOf(hand)].sort()).toEqual([...factsOf(ours)].sort());
    expect(factsOf(hand).size).toBe(7);
  });
});
