// Proves the breaking-change gate: each kind of break planted into a copy of spec/openapi.yaml fails it, additive
// changes and a break with a major bump pass it. Run: node --test build/spec/
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const spec = path.resolve(here, "../../spec/openapi.yaml");
const gateScript = path.join(here, "breaking-change-gate.mjs");

/** Runs the gate with `released` as the only released contract and `head` as spec/openapi.yaml. */
async function gate(released, head) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-"));
  const releasedDir = path.join(dir, "released");
  fs.mkdirSync(releasedDir);
  fs.writeFileSync(path.join(releasedDir, `openapi-${released.info.version}.yaml`), stringify(released));
  fs.writeFileSync(path.join(dir, "openapi.yaml"), stringify(head));
  try {
    const run = await promisify(execFile)(process.execPath, [gateScript, "--released", releasedDir, "--spec", path.join(dir, "openapi.yaml")]);
    return { status: 0, output: run.stdout + run.stderr };
  } catch (failed) {
    return { status: failed.code, output: failed.stdout + failed.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The current contract as released, and a copy with `change` applied (same version unless the change sets one).
 * Optic's start-up costs about 3 s of CPU, so one planted copy carries every kind of break and the test checks that
 * each is reported: a kind Optic stopped detecting fails the test by name. */
function planted(change) {
  const released = parse(fs.readFileSync(spec, "utf8"));
  const head = structuredClone(released);
  change(head);
  return gate(released, head);
}

function assertFails(result, rule) {
  assert.equal(result.status, 1, result.output);
  assert.match(result.output, rule);
  assert.match(result.output, /Breaking-change gate FAILED/);
}

const tenant = (d) => d.components.schemas.Tenant;
const tenantCreate = (d) => d.components.schemas.TenantCreate;

/** Each kind of break the gate must stop, where it is planted, and how Optic reports it. */
const breaks = {
  "a removed operation": [(d) => delete d.paths["/v1/catalog"], /\[prevent operation removal\]/],
  "a removed response property": [(d) => {
    delete tenant(d).properties.sales_owner;
  }, /cannot remove response property 'sales_owner'/],
  "a removed request enum value": [(d) => { tenantCreate(d).properties.kind.enum = ["customer"]; }, /cannot remove enum option 'demo'/],
  "a new required request property": [(d) => tenantCreate(d).required.push("plan"), /cannot make a request property required/],
  "a new required parameter": [(d) => d.paths["/v1/audit"].get.parameters.push({ in: "query", name: "region", required: true, schema: { type: "string" } }),
    /cannot add required query parameter region/],
  "a narrowed request property type": [(d) => { tenantCreate(d).properties.name = { type: "integer" }; }, /expected request body property 'name' not to be narrowed/],
  "a changed success status": [(d) => {
    const responses = d.paths["/v1/tenants"].post.responses;
    responses["200"] = responses["201"];
    delete responses["201"];
  }, /must not remove response status code 201/],
};

const plantAll = (d) => Object.values(breaks).forEach(([plant]) => plant(d));

describe("breaking-change gate", { concurrency: true }, () => {
  it("fails on every kind of break, naming each", async () => {
    const result = await planted(plantAll);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /Breaking-change gate FAILED/);
    for (const [kind, [, reported]] of Object.entries(breaks)) {
      assert.match(result.output, reported, `${kind} was not reported:\n${result.output}`);
    }
  });

  it("passes additive changes: an operation, optional properties and parameters, a security scheme", async () => {
    // Names no branch will use, so additions that land in the spec later never collide with these.
    const result = await planted((d) => {
      assert.equal(d.paths["/v1/planted-additions/{id}"], undefined);
      d.info.version = "0.99.0";
      d.paths["/v1/planted-additions/{id}"] = {
        post: {
          operationId: "plantedAddition",
          tags: ["Tenants"],
          parameters: [{ in: "path", name: "id", required: true, schema: { type: "string", format: "uuid" } }],
          responses: { 200: { description: "Planted.", content: { "application/json": { schema: { $ref: "#/components/schemas/Tenant" } } } } },
        },
      };
      tenant(d).properties.planted_at = { type: "string", format: "date-time" };
      tenantCreate(d).properties.planted_note = { type: "string" };
      const create = d.paths["/v1/tenants"].post;
      create.parameters = [...(create.parameters ?? []), { in: "header", name: "X-Planted-Header", required: false, schema: { type: "string" } }];
      d.components.securitySchemes = { ...d.components.securitySchemes, plantedBearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } };
      d.security = [...(d.security ?? []), { plantedBearer: [] }];
    });
    assert.equal(result.status, 0, result.output);
  });

  it("passes the same breaks when the major version is bumped", async () => {
    const result = await planted((d) => {
      plantAll(d);
      d.info.version = "1.0.0";
    });
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /major version bumped/);
  });

  it("fails a version older than the released one", async () => {
    const released = parse(fs.readFileSync(spec, "utf8"));
    const head = structuredClone(released);
    released.info.version = "9.9.9";
    const result = await gate(released, head);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /older than the released 9\.9\.9/);
  });
});
