// Browser sessions for the form: a random id in a cookie, mapped here to the name of the API token
// that logged in (the token itself is never stored or sent back), and a CSRF token per session.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export const COOKIE = 'algoreg_session';
/** Idle and absolute lifetimes on the server: the cookie itself ends with the browser session. */
const IDLE_MS = 8 * 60 * 60 * 1000;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

export interface Session {
  id: string;
  /** The token's name, recorded as the author of writes. */
  user: string;
  csrf: string;
  created: number;
  seen: number;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  create(user: string): Session {
    this.sweep();
    // Bounded: the oldest sessions go first (Map keeps insertion order).
    while (this.byId.size >= MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value as string);
    const t = this.now();
    const s: Session = { id: randomBytes(32).toString('base64url'), user, csrf: randomBytes(32).toString('base64url'), created: t, seen: t };
    this.byId.set(s.id, s);
    return s;
  }

  /** The live session named by the request's cookie, if any. */
  get(req: IncomingMessage): Session | undefined {
    const id = cookies(req.headers.cookie).get(COOKIE);
    if (!id) return undefined;
    const s = this.byId.get(id);
    if (!s) return undefined;
    const t = this.now();
    if (t - s.seen > IDLE_MS || t - s.created > MAX_AGE_MS) {
      this.byId.delete(id);
      return undefined;
    }
    s.seen = t;
    return s;
  }

  destroy(id: string): void {
    this.byId.delete(id);
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, s] of this.byId) if (t - s.seen > IDLE_MS || t - s.created > MAX_AGE_MS) this.byId.delete(id);
  }
}

export function cookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** Whether the request reached us over TLS (directly, or as a proxy in front of us says). */
export function isHttps(req: IncomingMessage): boolean {
  return (req.socket as TLSSocket).encrypted === true || String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
}

/** No Max-Age or Expires: the cookie ends with the browser session. */
export function sessionCookie(id: string, secure: boolean): string {
  return `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

export function csrfMatches(session: Session, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A cross-site POST names another origin in Origin (or, without it, Referer): refused even
 * before the session and CSRF checks, which also covers the login form (no session yet).
 * Behind a proxy that rewrites Host, the host it forwards for (X-Forwarded-Host) counts too.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const given = req.headers.origin ?? (req.headers.referer ? safeOrigin(req.headers.referer) : undefined);
  if (given === undefined) return true; // not a browser form post (browsers send Origin on POST)
  if (given === 'null') return false;
  const hosts = [req.headers.host, ...String(req.headers['x-forwarded-host'] ?? '').split(',').map((h) => h.trim())].filter((h): h is string => !!h);
  return hosts.some((h) => given === `http://${h}` || given === `https://${h}`);
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

/** A return path after login: a local path only (no scheme, no host, no `//` or `/\`). */
export function safeReturnPath(path: string | null | undefined, fallback: string): string {
  if (!path || path.length > 2000) return fallback;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(path)) return fallback;
  return path;
}
