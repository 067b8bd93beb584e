import createClient from "openapi-fetch";

/**
 * A client for the Tenant Registry API. Every call returns `{ data, error, response }`: `data` on a 2xx, otherwise
 * `error`, the API's Error body `{ error, message }` typed per status.
 */
export function createTenantRegistryClient({ baseUrl, token, ...options }) {
  if (!baseUrl) {
    throw new TypeError("createTenantRegistryClient: baseUrl is required, e.g. http://localhost:8090");
  }

  const client = createClient({ baseUrl, ...options });
  if (token !== undefined) {
    client.use({
      async onRequest({ request }) {
        const value = typeof token === "function" ? await token() : token;
        request.headers.set("Authorization", `Bearer ${value}`);
        return request;
      },
    });
  }

  return client;
}
