/**
 * `edge2bootc device`: plans moving running edge devices to the image (issue 22). `collect-script`
 * prints the read-only collector; `plan` reads the snapshots it wrote and writes, per device,
 * device-plan.json and device-plan.md, and fleet-plan.md for all of them; `playbook` writes both
 * steps as Ansible playbooks for a fleet (collect, fetch and plan; switch in waves).
 */
import type { Command } from "commander";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { planDevice, type DevicePlan } from "../device/plan.js";
import type { DeviceSnapshot } from "../device/snapshot.js";
import { parseSnapshot } from "../device/parse-snapshot.js";
import { devicePlanFiles, fleetPlanFile, imageFixFiles } from "../device/render.js";
import { imageFixes } from "../device/image-fixes.js";
import { simulateMove, type AccountMove } from "../device/accounts.js";
import { readConvertedProject, readSnapshotFolder } from "../io/device-snapshots.js";
import { projectImage } from "../device/project-image.js";
import { parseImageSnapshot } from "../device/image-snapshot.js";
import { lockOutputFolder } from "../io/output-lock.js";
import { writeOutputFolder } from "../io/output-folder.js";
import { loadTemplates } from "../render/templates.js";
import { imageReferenceProblem } from "../kickstart/image-map.js";
import type { Artifact } from "../render/artifacts.js";
import { chalkFor, choice, EXIT, outputFolder, reviewFolder, UsageError, type Io } from "./shared.js";

interface DevicePlanFlags {
  image: string;
  project?: string;
  imageSnapshot?: string;
  target?: "rhel9" | "rhel10";
  output: string;
  force?: boolean;
  quiet?: boolean;
  color: boolean;
  check?: boolean;
  diff?: boolean;
}

/** The image's RHEL major: --target, else its reference (rhel10/…, :10.x). */
const majorOf = (image: string, target?: string): 9 | 10 =>
  target === "rhel10" || (target === undefined && /rhel10\/|:10(?:\.|$)|stream10/.test(image)) ? 10 : 9;

function planCommand(io: Io, snapshots: string[], flags: DevicePlanFlags): number {
  const problem = imageReferenceProblem(flags.image);
  if (problem !== undefined) throw new UsageError(`--image ${flags.image}: ${problem}`);
  if (flags.project !== undefined && flags.imageSnapshot !== undefined)
    throw new UsageError("give --image-snapshot (the built image) or --project (the converted project), not both");
  const project = flags.project !== undefined ? readConvertedProject(io.cwd, flags.project) : undefined;
  const imageFacts =
    flags.imageSnapshot !== undefined
      ? parseImageSnapshot(readSnapshotFolder(io.cwd, flags.imageSnapshot))
      : project !== undefined
        ? projectImage(project.display, project.containerfile, project.sysusers)
        : undefined;
  const target = {
    image: flags.image,
    major: majorOf(flags.image, flags.target),
    ...(imageFacts !== undefined ? { project: imageFacts } : {}),
  };
  const errors: InputError[] = [];
  const plans: { plan: DevicePlan; snapshot: DeviceSnapshot; move: AccountMove | undefined }[] = [];
  for (const folder of snapshots) {
    try {
      const { snapshot, sources } = parseSnapshot(readSnapshotFolder(io.cwd, folder));
      const move = imageFacts !== undefined ? simulateMove(snapshot, imageFacts) : undefined;
      plans.push({ plan: planDevice(snapshot, sources, target, move), snapshot, move });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length > 0) throw InputError.merge(errors);
  const names = new Set<string>();
  for (const { plan: p } of plans) {
    if (names.has(p.device)) throw new UsageError(`two snapshots are named ${p.device}: each device's folder name must be its own`);
    names.add(p.device);
  }
  const outDir = outputFolder(io.cwd, flags.output, [...snapshots, flags.project, flags.imageSnapshot]);
  const render = loadTemplates();
  const files: Artifact[] = [
    ...plans.flatMap(({ plan, snapshot, move }) =>
      devicePlanFiles(plan, snapshot, target, render, move).map((a) => ({ ...a, path: `${plan.device}/${a.path}` })),
    ),
    fleetPlanFile(
      plans.map((p) => p.plan),
      flags.image,
      render,
    ),
    ...imageFixFiles(imageFixes(plans), flags.image, render),
  ];
  const c = chalkFor(io.env, flags.color);
  if (flags.check || flags.diff) {
    // A review run, as convert's: the plans as they would be written against the folder, nothing written.
    return reviewFolder(io, c, io.stdout, outDir, files, flags).length ? EXIT.drift : EXIT.ok;
  }
  writeLocked(outDir, files, flags.force === true);
  if (!flags.quiet) {
    for (const { plan: p } of plans)
      io.stderr(
        `${p.counts.blockers ? c.red("blocked") : c.green("ready")} ${p.device}: ${p.counts.blockers} blocker(s), ${p.counts.warnings} warning(s); ${p.route.tool}\n`,
      );
    io.stderr(`wrote ${join(flags.output, "fleet-plan.md")} and a plan per device\n`);
  }
  return EXIT.ok;
}

/** Both commands write a folder the same way: under the output lock, all files or none. */
function writeLocked(outDir: string, files: Artifact[], force: boolean): void {
  const release = lockOutputFolder(outDir);
  try {
    writeOutputFolder(outDir, files, force);
  } finally {
    release();
  }
}

interface PlaybookFlags {
  output: string;
  force?: boolean;
  quiet?: boolean;
}

/** collect.yml, switch.yml and the collector they run: static files, the same for every fleet. */
function playbookCommand(io: Io, flags: PlaybookFlags): number {
  const render = loadTemplates();
  const outDir = outputFolder(io.cwd, flags.output, []);
  const files: Artifact[] = [
    { path: "collect.sh", kind: "build-context", contents: render("device-collect.sh", {}) },
    { path: "collect.yml", kind: "build-context", contents: render("device-playbook-collect.yml", {}).trimStart() },
    { path: "switch.yml", kind: "build-context", contents: render("device-playbook-switch.yml", {}).trimStart() },
  ];
  writeLocked(outDir, files, flags.force === true);
  if (!flags.quiet)
    io.stderr(
      `wrote ${join(flags.output, "collect.yml")}, switch.yml and collect.sh; start with: ansible-playbook -i <inventory> collect.yml -e edge2bootc_image=<ref>\n`,
    );
  return EXIT.ok;
}

export function addDeviceCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const device = program.command("device").description("plan moving running RHEL for edge devices to the bootc image");
  device
    .command("collect-script")
    .description("print the read-only collector to run as root on a device (sh collect.sh [folder]); it writes a snapshot folder and a .tar.gz")
    .action(() => io.stdout(loadTemplates()("device-collect.sh", {})));
  device
    .command("image-collect-script")
    .description("print the image collector, to run inside the built image on the build host; device plan --image-snapshot reads what it writes")
    .action(() => io.stdout(loadTemplates()("image-collect.sh", {})));
  device
    .command("plan")
    .description("check device snapshots against the move to an image; write device-plan.json/.md per device and fleet-plan.md")
    .argument("<snapshot...>", "snapshots the collector wrote: folders or their .tar.gz")
    .requiredOption("--image <ref>", "the bootc image the devices move to")
    .option("--project <dir>", "the converted project (the folder edge2bootc convert wrote): its accounts and files are compared with each device's")
    .option("--image-snapshot <dir>", "what image-collect-script wrote inside the built image: compared with each device, base image included")
    .option("--target <rhel9|rhel10>", "the image's RHEL major (default: from the image reference)", choice(["rhel9", "rhel10"]))
    .option("-o, --output <dir>", "output folder", "device-plans")
    .option("--force", "overwrite output files that were edited since edge2bootc wrote them")
    .option("--check", "write nothing; exit 1 when the output folder differs from the plans that would be written")
    .option("--diff", "write nothing; print a unified diff against the output folder (exit 1 on differences)")
    .option("-q, --quiet", "print only errors")
    .option("--no-color", "disable colours (NO_COLOR is honoured too)")
    .action((snapshots: string[], flags: DevicePlanFlags) => setExit(planCommand(io, snapshots, flags)));
  device
    .command("playbook")
    .description("write Ansible playbooks for a fleet: collect.yml (collect, fetch, plan) and switch.yml (stage, reboot, verify in waves)")
    .option("-o, --output <dir>", "output folder", "device-playbook")
    .option("--force", "overwrite output files that were edited since edge2bootc wrote them")
    .option("-q, --quiet", "print only errors")
    .action((flags: PlaybookFlags) => setExit(playbookCommand(io, flags)));
}
