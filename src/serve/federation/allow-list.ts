import { ConfigError } from '../config.js';

/**
 * The SPARQL endpoints a federated query may call through SERVICE. An endpoint is compared by its
 * normalised URL (WHATWG: lower-case scheme and host, no default port, "/" for an empty path), so
 * `HTTPS://Data.Europa.EU:443/sparql` in a query matches `https://data.europa.eu/sparql`.
 */
export class AllowList {
  readonly endpoints: readonly string[];

  constructor(endpoints: readonly string[]) {
    this.endpoints = [...new Set(endpoints.map((e) => normaliseEndpoint(e) ?? e))];
  }

  /** The allow-listed endpoint an IRI names, or undefined. */
  find(iri: string): string | undefined {
    const n = normaliseEndpoint(iri);
    return n !== undefined && this.endpoints.includes(n) ? n : undefined;
  }

  get size(): number {
    return this.endpoints.length;
  }

  /** For messages: "<a>, <b>" or a hint on how to allow one. */
  describe(): string {
    if (this.endpoints.length === 0) return 'this server federates with no endpoint (start it with --federate <endpoint URL> to allow one)';
    return `this server federates only with ${this.endpoints.map((e) => `<${e}>`).join(', ')}`;
  }
}

/** The normalised form of an absolute http(s) URL without credentials or fragment; undefined otherwise. */
export function normaliseEndpoint(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.hash) return undefined;
  return url.href;
}

/** Validates `--federate` values (or ServerConfig.federation): absolute http(s) endpoint URLs. */
export function federationAllowList(entries: readonly string[] | undefined, option = '--federate'): AllowList {
  for (const entry of entries ?? []) {
    if (typeof entry !== 'string' || normaliseEndpoint(entry.trim()) === undefined || entry.trim() !== entry) {
      throw new ConfigError(`${option} expects the absolute http(s) URL of a SPARQL endpoint (no credentials, no #fragment), such as https://data.europa.eu/sparql; got "${String(entry)}"`);
    }
  }
  return new AllowList(entries ?? []);
}

const byConfig = new WeakMap<object, AllowList>();

/** The validated allow-list of a server configuration (validated once per configuration object). */
export function federationOf(config: { federation?: readonly string[] }): AllowList {
  let list = byConfig.get(config);
  if (!list) byConfig.set(config, (list = federationAllowList(config.federation)));
  return list;
}
