import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error the client should see, with its status and a message that says what to do. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Reads a request body up to `limit` bytes; a larger body is answered 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    let drained = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        // Keep reading (and dropping) so the client gets the 413 instead of a reset, up to a point.
        drained += c.length;
        if (drained > 16 * limit) req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => (tooLarge ? reject(tooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (tooLarge) reject(tooLargeError(limit));
    });
  });
}

function tooLargeError(limit: number): HttpError {
  return new HttpError(413, `the request body is larger than the limit of ${limit.toLocaleString('en')} bytes (--max-body)`, {}, { connection: 'close' });
}

/** Strict UTF-8 decoding: a body in another encoding is a 400, not mojibake. */
export function decodeUtf8(body: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, `${what} is not valid UTF-8`);
  }
}

export function mediaType(req: IncomingMessage): { type: string | undefined; charset: string | undefined } {
  const header = req.headers['content-type'];
  if (!header) return { type: undefined, charset: undefined };
  const [type, ...params] = header.split(';').map((s) => s.trim());
  const charset = params.map((p) => /^charset=\s*"?([^";]+)"?$/i.exec(p)?.[1]).find((c) => c !== undefined);
  return { type: type.toLowerCase(), charset: charset?.toLowerCase() };
}

export function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, headers: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(buf.length), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, `${JSON.stringify(value, null, 2)}\n`, 'application/json; charset=utf-8', headers);
}

/** Lets any web page read the response (public, read-only resources). */
export function allowCors(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', 'content-type, link, location');
}

/** Answers a CORS preflight for a read-only resource. */
export function preflight(res: ServerResponse, methods: string): void {
  allowCors(res);
  res.writeHead(204, {
    'access-control-allow-methods': methods,
    'access-control-allow-headers': 'accept, content-type',
    'access-control-max-age': '86400',
  });
  res.end();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
