import { packagePath } from '../paths.js';
import type { CalendarName } from '../reason/calendar.js';
import { TokenAuth } from './auth.js';
import { ConfigError, parseBytes, parseCount, parseDuration, serverConfig } from './config.js';
import { startServer } from './server.js';
import { CeilingExceeded } from './register.js';
import { DataDirError } from '../store/durable-store.js';
import { CorruptLogError } from '../store/wal.js';
import { InputError } from '../ingest/errors.js';
import { EXIT } from '../cli/exit-codes.js';

export interface ServeCliOptions {
  data?: string;
  port: string;
  host: string;
  base?: string;
  seed?: string[];
  graph?: string[];
  portal?: string;
  portalTimeout?: string;
  dcatApShapes?: string;
  federate?: string[];
  tokens?: string;
  workers: string;
  timeout: string;
  maxResultBytes: string;
  maxBody: string;
  maxTriples: string;
  calendar: CalendarName;
  at?: string;
}

function graphSpec(spec: string): { graph: string; path: string } {
  const eq = spec.lastIndexOf('=');
  if (eq <= 0) throw new ConfigError(`--graph expects IRI=FILE, got "${spec}"`);
  return { graph: spec.slice(0, eq), path: spec.slice(eq + 1) };
}

/** `algoreg serve`: runs until SIGINT or SIGTERM. */
export async function serveCommand(o: ServeCliOptions, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  try {
    return await serve(o, out, err);
  } catch (e) {
    // Bad option values and unreadable token files: say what is wrong, exit 2.
    if (e instanceof ConfigError) {
      err(`algoreg: ${e.message}`);
      return EXIT.badInput;
    }
    throw e;
  }
}

async function serve(o: ServeCliOptions, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port expects 0-65535, got "${o.port}"`);
  const auth = await TokenAuth.load({ file: o.tokens, env: process.env.ALGOREG_TOKENS });
  const seed = o.seed ?? (o.data ? undefined : [packagePath('examples')]);
  const config = serverConfig({
    port,
    host: o.host,
    base: o.base,
    dataDir: o.data,
    seed,
    graphs: (o.graph ?? []).map(graphSpec),
    links: { portal: { ...(o.portal ? { endpoint: o.portal } : {}), ...(o.portalTimeout ? { timeoutMs: parseDuration(o.portalTimeout, '--portal-timeout') } : {}) }, shapesDir: o.dcatApShapes },
    federation: o.federate,
    auth,
    workers: parseCount(o.workers, '--workers'),
    timeoutMs: parseDuration(o.timeout, '--timeout'),
    maxResultBytes: parseBytes(o.maxResultBytes, '--max-result-bytes'),
    maxBodyBytes: parseBytes(o.maxBody, '--max-body'),
    maxTriples: parseCount(o.maxTriples, '--max-triples'),
    calendar: o.calendar,
    at: o.at,
    log: (line) => err(`algoreg: ${line}`),
  });
  let server;
  try {
    server = await startServer(config);
  } catch (e) {
    const known = e instanceof DataDirError || e instanceof CorruptLogError || e instanceof CeilingExceeded || e instanceof InputError || (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!known) throw e;
    err(`algoreg: ${(e as Error).message}`);
    return EXIT.badInput;
  }
  const r = server.register;
  out(`algoreg: serving ${r.classifications.size} systems (${r.size().toLocaleString('en')} triples) at ${server.url}`);
  out(`  web pages: ${server.url}   maintainers: ${server.url}register/maintainer   form: ${server.url}register/edit/new`);
  out(`  SPARQL endpoint and query page: ${server.url}sparql   API: ${server.url}systems   OpenAPI: ${server.url}openapi.json`);
  out(`  base IRI ${r.base}; ${o.data ? `data in ${o.data} (every acknowledged write is on disk)` : 'in memory: writes are lost when the server stops (use --data DIR to keep them)'}`);
  if (config.federation?.length) out(`  SERVICE may call: ${config.federation.join(', ')}`);
  if (auth.size === 0) out('  writes are disabled: no tokens (set ALGOREG_TOKENS=name=token or --tokens FILE)');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      err(`algoreg: ${signal}: stopping`);
      void server.close().then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
