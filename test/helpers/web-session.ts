import { expect } from 'vitest';
import type { RunningServer } from '../../src/serve/server.js';
import { TOKEN, startSampleServer } from './server.js';

/** The sample register for browser-like clients: sign-ins, forms and redirects over keep-alive. */
export async function startWebServer(): Promise<RunningServer> {
  const server = await startSampleServer();
  // Long idle keep-alive: on a loaded machine the client could otherwise reuse a socket the server is just closing.
  server.http.keepAliveTimeout = 60_000;
  return server;
}

/** The content type of an HTML form post. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Signs in at /register/login (base without trailing slash) and returns the session cookie to send back. */
export async function signIn(base: string, returnPath: string, token = TOKEN): Promise<string> {
  const r = await fetch(`${base}/register/login`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token, return: returnPath }), redirect: 'manual' });
  expect(r.status).toBe(303);
  return (r.headers.get('set-cookie') ?? '').split(';')[0];
}

/** The CSRF token of a signed-in page's forms. */
export const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
