import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HttpError } from './http.js';
import { ConfigError } from './config.js';

/**
 * Bearer tokens for writes. Each token has a name, which the history records as the author of
 * the writes made with it. Tokens come from `name=token` pairs separated by commas or new lines
 * (the ALGOREG_TOKENS variable, or a file; `#` starts a comment line in the file).
 */
export class TokenAuth {
  private readonly digests: { name: string; digest: Buffer }[];

  constructor(tokens: Map<string, string>) {
    this.digests = [...tokens].map(([name, token]) => ({ name, digest: digest(token) }));
  }

  static async load(opts: { file?: string; env?: string }): Promise<TokenAuth> {
    const tokens = new Map<string, string>();
    if (opts.env) for (const [n, t] of parseTokens(opts.env, 'ALGOREG_TOKENS')) tokens.set(n, t);
    if (opts.file) {
      let text: string;
      try {
        text = await readFile(opts.file, 'utf8');
      } catch (e) {
        throw new ConfigError(`cannot read the tokens file ${opts.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      for (const [n, t] of parseTokens(text, opts.file)) tokens.set(n, t);
    }
    return new TokenAuth(tokens);
  }

  get size(): number {
    return this.digests.length;
  }

  /** The name of the token in an `Authorization: Bearer <token>` header; 401 otherwise. */
  authenticate(header: string | undefined): string {
    const challenge = { 'www-authenticate': 'Bearer realm="algoreg"' };
    if (this.digests.length === 0) throw new HttpError(401, 'writes are disabled: the server has no tokens (set ALGOREG_TOKENS or --tokens FILE)', {}, challenge);
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) throw new HttpError(401, 'this request changes the register: send Authorization: Bearer <token>', {}, challenge);
    const given = digest(m[1]);
    // Compare against every token, in constant time, so timing does not tell which one is close.
    let name: string | undefined;
    for (const t of this.digests) if (timingSafeEqual(t.digest, given)) name ??= t.name;
    if (!name) throw new HttpError(401, 'the bearer token is not valid', {}, { 'www-authenticate': 'Bearer realm="algoreg", error="invalid_token"' });
    return name;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function parseTokens(text: string, source: string): [string, string][] {
  const out: [string, string][] = [];
  let n = 0;
  for (const raw of text.split(/[,\n]/)) {
    n++;
    const item = raw.trim();
    if (item === '' || item.startsWith('#')) continue;
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim();
    const token = item.slice(eq + 1).trim();
    if (eq <= 0 || !token) throw new ConfigError(`${source}: entry ${n} is not name=token`);
    out.push([name, token]);
  }
  return out;
}
