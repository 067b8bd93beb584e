import type { Client, ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };

/** The contract's schemas by name: `Schemas["Tenant"]`, `Schemas["Error"]`, ... */
export type Schemas = components["schemas"];

/** The API's error body, `{ error: code, message: text }`, which every non-2xx answer carries. */
export type ApiError = components["schemas"]["Error"];

export type TenantRegistryClient = Client<paths, "application/json">;

export interface TenantRegistryClientOptions extends Omit<ClientOptions, "baseUrl"> {
  /** Where the service listens, e.g. `http://localhost:8090`. */
  baseUrl: string;
  /** A bearer token, or a function that returns a fresh one for each request. */
  token?: string | (() => string | Promise<string>);
}

export function createTenantRegistryClient(options: TenantRegistryClientOptions): TenantRegistryClient;
