import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { serverConfig, type ServerConfig } from '../../src/serve/config.js';
import { TokenAuth } from '../../src/serve/auth.js';
import { packagePath } from '../../src/paths.js';

export const TOKEN = 'test-token-alice-0123456789';
export const TOKEN_BOB = 'test-token-bob-9876543210';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

/** A real server on a free loopback port (in this process; its query workers are threads). */
export function startTestServer(partial: Partial<ServerConfig> = {}): Promise<RunningServer> {
  return startServer(
    serverConfig({
      port: 0,
      auth: new TokenAuth(new Map([['alice', TOKEN], ['bob', TOKEN_BOB]])),
      ...partial,
    }),
  );
}

/** The sample register (examples/), in memory, as `algoreg serve` starts without options. */
export function startSampleServer(partial: Partial<ServerConfig> = {}): Promise<RunningServer> {
  return startTestServer({ seed: [packagePath('examples')], ...partial });
}

export async function sparqlJson(base: string, query: string): Promise<{ head: { vars?: string[] }; boolean?: boolean; results?: { bindings: Record<string, { type: string; value: string }>[] } }> {
  const res = await fetch(`${base}sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: query });
  if (res.status !== 200) throw new Error(`SPARQL ${res.status}: ${await res.text()}`);
  return (await res.json()) as Awaited<ReturnType<typeof sparqlJson>>;
}

export async function tripleCount(base: string): Promise<number> {
  const r = await sparqlJson(base, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
  return Number(r.results!.bindings[0].n.value);
}

const BIN = fileURLToPath(new URL('../../bin/algoreg.js', import.meta.url));

export interface ChildServer {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** `algoreg serve` as a child process (the built CLI); resolves once it prints its URL. */
export function startChildServer(args: string[], env: Record<string, string> = {}): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = / at (http:\/\/\S+\/)\n/.exec(out);
      if (m) {
        resolve({
          child,
          url: m[1],
          stderr: () => err,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`algoreg serve exited with ${code} before listening:\n${out}\n${err}`)));
    child.on('error', reject);
  });
}
