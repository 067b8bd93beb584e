#!/usr/bin/env node
// Builds the TypeScript client package (@tenant-registry/client) as an `npm pack` tarball: the hand-written entry
// point from clients/typescript, types generated from spec/openapi.yaml by openapi-typescript, and the package
// version set to the contract's info.version.
//
//   node build/spec/pack-typescript-client.mjs STAGING_DIR PACKAGES_DIR
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createConfig } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const source = path.join(repoRoot, "clients", "typescript");
const spec = path.join(repoRoot, "spec", "openapi.yaml");
const [staging, packages] = process.argv.slice(2).map((dir) => path.resolve(dir));
if (!staging || !packages) throw new Error("usage: pack-typescript-client.mjs STAGING_DIR PACKAGES_DIR");

fs.rmSync(staging, { recursive: true, force: true });
fs.mkdirSync(staging, { recursive: true });
fs.mkdirSync(packages, { recursive: true });

const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
for (const file of manifest.files.filter((file) => file !== "schema.d.ts")) {
  fs.copyFileSync(path.join(source, file), path.join(staging, file));
}

manifest.version = String(parse(fs.readFileSync(spec, "utf8")).info.version);
fs.writeFileSync(path.join(staging, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

// Generation does not lint: `redocly lint` with the repo's config does, in the Test target. Without that, the
// generator would stop on the six released `nullable`s the lint config documents and ignores.
const generatorConfig = await createConfig({ rules: { struct: "off", "operation-operationId-unique": "error" } }, { extends: ["minimal"] });
// A property with a default (TenantCreate.plan, .kind) may be left out of a request: it stays optional in the types.
const types = await openapiTS(new URL(`file://${spec}`), { redocly: generatorConfig, silent: true, defaultNonNullable: false });
fs.writeFileSync(path.join(staging, "schema.d.ts"), astToString(types));
const tarball = execFileSync("npm", ["pack", "--pack-destination", packages, "--silent"], { cwd: staging, encoding: "utf8" }).trim();
console.log(`TypeScript client: ${path.join(packages, tarball)}`);
