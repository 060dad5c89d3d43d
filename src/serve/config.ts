import type { CalendarName } from '../reason/calendar.js';
import type { TokenAuth } from './auth.js';
import type { CatalogOptions } from './catalog.js';
import type { PortalOptions } from '../link/fetch.js';

/** A bad option value or configuration file: the message says what is expected. */
export class ConfigError extends Error {}

export interface ServerConfig {
  port: number;
  host: string;
  /**
   * Base IRI: systems are <base>system/{id}, their record graphs <base>graph/system/{id}.
   * A data directory keeps the base it was created with.
   */
  base?: string;
  /** Durable data directory (write-ahead log + snapshot); none: the register lives in memory. */
  dataDir?: string;
  /** RDF files or directories stored as records when the register is empty (one record per file). */
  seed?: string[];
  /** Read-only graphs loaded at every start: not records, not in the log. */
  graphs?: { graph: string; path: string }[];
  auth?: TokenAuth;
  /** Query workers, each with its own copy of the store. */
  workers: number;
  timeoutMs: number;
  maxResultBytes: number;
  maxBodyBytes: number;
  /** Ceiling of the register (derived graph included): loads and writes past it are refused. */
  maxTriples: number;
  calendar?: CalendarName;
  at?: string;
  /**
   * SPARQL endpoints that /sparql may call through SERVICE (absolute http(s) URLs; `--federate`).
   * Default none: a query with SERVICE is refused with 400 unless every target is listed.
   */
  federation?: string[];
  /** DCAT-AP catalogue metadata (GET /catalog): publisher, contact, licence...; defaults in CATALOG_DEFAULTS. */
  catalog?: Partial<CatalogOptions>;
  /** Dataset links: the portal's SPARQL endpoint (default data.europa.eu), timeout, retries; the DCAT-AP shapes directory. */
  links?: { portal?: Partial<PortalOptions>; shapesDir?: string };
  log?: (line: string) => void;
}

/** The base IRI of the sample register in examples/. */
export const SAMPLE_BASE = 'https://register.example.eu/';

export const DEFAULTS = {
  port: 3030,
  host: '127.0.0.1',
  workers: 2,
  timeoutMs: 10_000,
  maxResultBytes: 64 * 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxTriples: 5_000_000,
} as const;

export function serverConfig(partial: Partial<ServerConfig> = {}): ServerConfig {
  return { ...DEFAULTS, ...partial };
}

/** "1mb", "512kb", "2000000" → bytes. */
export function parseBytes(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(text.trim());
  if (!m) throw new ConfigError(`${option} expects a size such as 1mb, 512kb or 1048576, got "${text}"`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * factor);
}

/** "10", "10s", "500ms" → milliseconds. */
export function parseDuration(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(text.trim());
  if (!m) throw new ConfigError(`${option} expects a duration such as 10, 10s or 500ms, got "${text}"`);
  return Math.round(Number(m[1]) * ((m[2] ?? 's').toLowerCase() === 'ms' ? 1 : 1000));
}

export function parseCount(text: string, option: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${option} expects a positive whole number, got "${text}"`);
  return n;
}
