#!/usr/bin/env node
// The breaking-change gate: compares spec/openapi.yaml with the newest released contract in spec/released/ and
// fails on a change that breaks a consumer, unless info.version's major is bumped. The comparison itself is
// Optic's (`optic diff --check`, rules in optic-standard.yml); this script picks the released file, checks the
// version order, and decides when a major bump allows a break (docs/contract.md#versions).
//
//   node build/spec/breaking-change-gate.mjs [--released DIR] [--spec FILE]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const releasedName = /^openapi-(\d+)\.(\d+)\.(\d+)\.yaml$/;
const plainVersion = /^(\d+)\.(\d+)\.(\d+)$/;

const options = readOptions(process.argv.slice(2));
process.exitCode = gate(options.released, options.spec);

function gate(releasedDir, specFile) {
  const latest = latestRelease(releasedDir);
  const current = versionOf(specFile);
  if (!latest.ok) return fail(latest.reason);
  if (!current.ok) return fail(`${specFile}: ${current.reason}`);

  const order = compare(current.version, latest.version);
  if (order < 0) {
    return fail(`${specFile} is version ${format(current.version)}, older than the released ${format(latest.version)}.`);
  }

  const majorBumped = current.version[0] > latest.version[0];
  console.log(`Breaking-change gate: ${specFile} (${format(current.version)}) against ${latest.file} (${format(latest.version)})`
    + (majorBumped ? ": major version bumped, breaking changes are allowed and only listed." : "."));
  const optic = runOptic(latest.file, specFile, !majorBumped);
  if (optic !== 0 && !majorBumped) {
    return fail(`${specFile} breaks consumers of ${format(latest.version)} (above, marked x). Make the change additive, or bump info.version's major.`);
  }
  return optic === 0 || majorBumped ? 0 : 1;
}

function latestRelease(dir) {
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const releases = [];
  for (const name of entries) {
    const match = releasedName.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const named = match.slice(1).map(Number);
    const inside = versionOf(file);
    if (!inside.ok) return { ok: false, reason: `${file}: ${inside.reason}` };
    if (compare(named, inside.version) !== 0) {
      return { ok: false, reason: `${file} is named ${format(named)} but its info.version is ${format(inside.version)}.` };
    }
    releases.push({ file, version: named });
  }
  if (releases.length === 0) return { ok: false, reason: `no released contract (openapi-X.Y.Z.yaml) in ${dir}.` };
  releases.sort((a, b) => compare(b.version, a.version));
  return { ok: true, ...releases[0] };
}

function versionOf(file) {
  const version = parse(fs.readFileSync(file, "utf8"))?.info?.version;
  const match = plainVersion.exec(String(version ?? ""));
  return match
    ? { ok: true, version: match.slice(1).map(Number) }
    : { ok: false, reason: `info.version "${version}" is not MAJOR.MINOR.PATCH.` };
}

function runOptic(base, head, check) {
  const args = ["diff", base, head, "--standard", path.join(here, "optic-standard.yml")];
  if (check) args.push("--check");
  const run = spawnSync(path.join(repoRoot, "node_modules", ".bin", "optic"), args, {
    stdio: "inherit",
    // No telemetry or error reports leave the machine; CI has no network beyond the npm registry anyway.
    env: { ...process.env, OPTIC_TELEMETRY_LEVEL: "off" },
  });
  if (run.error) throw run.error;
  return run.status ?? 1;
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function format(version) {
  return version.join(".");
}

function fail(message) {
  console.error(`Breaking-change gate FAILED: ${message}`);
  return 1;
}

function readOptions(argv) {
  const options = { released: path.join(repoRoot, "spec", "released"), spec: path.join(repoRoot, "spec", "openapi.yaml") };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in options) || argv[i + 1] === undefined) throw new Error(`usage: breaking-change-gate.mjs [--released DIR] [--spec FILE] (got ${argv[i]})`);
    options[key] = path.resolve(argv[i + 1]);
  }
  return options;
}
