// A product team's use of @tenant-registry/client, installed from its tarball into a scratch project: the main
// flow against a running service, compiled with strict TypeScript first, so wrong calls fail to compile.
import { createTenantRegistryClient, type ApiError, type Schemas } from "@tenant-registry/client";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

const baseUrl = process.env.TENANT_REGISTRY_URL ?? "http://localhost:8090";
const token = process.env.TENANT_REGISTRY_TOKEN;
const registry = createTenantRegistryClient({ baseUrl, ...(token ? { token } : {}) });

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`consumer check failed: ${what}`);
}

function fail(step: string, error: ApiError | undefined, response: Response): never {
  throw new Error(`${step}: ${response.status} ${error?.error}: ${error?.message}`);
}

const slug = `ts-consumer-${Date.now().toString(36)}`;

// Types are checked: a body without the required name does not compile.
// @ts-expect-error name is required by TenantCreate
const wrongBody: Schemas["TenantCreate"] = { slug };
void wrongBody;

const created = await registry.POST("/v1/tenants", { body: { slug, name: "TypeScript consumer", kind: "customer" } });
if (!created.data) fail("create tenant", created.error, created.response);
const tenant: Schemas["Tenant"] = created.data;
check(created.response.status === 201 && tenant.slug === slug && tenant.status === "trial", "tenant created in trial");

const bySlug = await registry.GET("/v1/tenants/by-slug/{slug}", { params: { path: { slug } } });
check(bySlug.data?.id === tenant.id, "tenant found by slug");

const issued = await registry.POST("/v1/api-keys", { body: { tenant_id: tenant.id, name: "ci", scopes: ["read"] } });
if (!issued.data) fail("issue key", issued.error, issued.response);
const key = issued.data;
check(key.plaintext.length > 0 && key.api_key.prefix.length > 0, "key issued with plaintext once");

const verified = await registry.POST("/v1/internal/api-keys/verify", { body: { key: key.plaintext } });
check(verified.data?.valid === true && verified.data.tenant_id === tenant.id, "issued key verifies");

const revoked = await registry.DELETE("/v1/api-keys/{id}", { params: { path: { id: key.api_key.id } } });
check(revoked.response.status === 204, "key revoked");

const afterRevoke = await registry.POST("/v1/internal/api-keys/verify", { body: { key: key.plaintext } });
check(afterRevoke.data?.valid === false, "revoked key no longer verifies");

for (const step of ["first", "second", "third"]) {
  const appended = await registry.POST("/v1/audit", {
    body: { tenant_id: tenant.id, action: "consumer-test.step", actor_id: "ts-consumer", metadata: { step } },
  });
  check(appended.response.status === 201 && appended.data?.action === "consumer-test.step", `audit event ${step} appended`);
}

const steps: string[] = [];
let cursor: number | undefined;
do {
  const page = await registry.GET("/v1/audit", {
    params: { query: { tenant_id: tenant.id, action: "consumer-test.step", limit: 2, ...(cursor === undefined ? {} : { cursor }) } },
  });
  if (!page.data) fail("page audit", page.error, page.response);
  steps.push(...(page.data.items ?? []).map((event) => String(event.metadata?.step)));
  cursor = page.data.next_cursor;
} while (cursor !== undefined);
check(steps.join(",") === "third,second,first", `audit pages newest first, got ${steps.join(",")}`);

const missing = await registry.GET("/v1/tenants/{id}", { params: { path: { id: "00000000-0000-4000-8000-000000000000" } } });
check(missing.data === undefined && missing.response.status === 404 && missing.error?.error === "not_found", "unknown tenant is a typed 404");

const duplicate = await registry.POST("/v1/tenants", { body: { slug, name: "Again" } });
check(duplicate.data === undefined && duplicate.response.status === 409 && duplicate.error?.error === "conflict", "duplicate slug is a typed 409");

console.log(`consumer flow passed against ${baseUrl} (tenant ${tenant.id})`);
