// The only fetch Comunica gets for a federated query. Whatever the query or a remote answer says
// (a FROM IRI, a service description naming another sd:endpoint, a redirect, a next-page link),
// no request leaves for a URL other than an allow-listed endpoint.

/** Why an allow-listed endpoint failed: the endpoint answers 502 with it. */
export interface RemoteFailure {
  endpoint: string;
  message: string;
}

export interface GuardOptions {
  /** Normalised endpoint URLs (allow-list.ts). */
  endpoints: readonly string[];
  /** Aborted at the query's deadline. */
  signal: AbortSignal;
  /** Failures and refusals, for the error message. */
  failures: RemoteFailure[];
  fetch?: typeof fetch;
}

function requestUrl(input: Parameters<typeof fetch>[0]): URL {
  return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
}

/** The allow-listed endpoint a request goes to: same origin and path (the query string carries the query). */
export function endpointOf(url: URL, endpoints: readonly string[]): string | undefined {
  return endpoints.find((e) => {
    const u = new URL(e);
    return u.origin === url.origin && u.pathname === url.pathname;
  });
}

interface Answer {
  status: number;
  headers: [string, string][];
  body: string;
}

export function guardedFetch(opts: GuardOptions): typeof fetch {
  const realFetch = opts.fetch ?? fetch;
  // Comunica binds each local solution into the SERVICE pattern and asks once per solution: within
  // one query, an identical request is answered from the first answer (many systems, one dataset).
  const answers = new Map<string, Promise<Answer>>();
  return async (input, init) => {
    const url = requestUrl(input);
    const endpoint = endpointOf(url, opts.endpoints);
    if (endpoint === undefined) {
      const message = `refused to fetch ${url.origin}${url.pathname}: not an allow-listed SPARQL endpoint`;
      opts.failures.push({ endpoint: `${url.origin}${url.pathname}`, message });
      throw new Error(message);
    }
    const body = init?.body;
    const key = body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams ? `${init?.method ?? 'GET'} ${url.href} ${String(body ?? '')}` : undefined;
    if (key !== undefined) {
      let answer = answers.get(key);
      if (!answer) {
        answer = send(url, endpoint, input, init).then(async (r) => ({ status: r.status, headers: [...r.headers], body: await r.text() }));
        answers.set(key, answer);
        answer.catch(() => answers.delete(key));
      }
      const a = await answer;
      return new Response(a.body, { status: a.status, headers: a.headers });
    }
    return send(url, endpoint, input, init);
  };

  async function send(url: URL, endpoint: string, input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1]): Promise<Response> {
    const signal = init?.signal ? AbortSignal.any([init.signal, opts.signal]) : opts.signal;
    let response: Response;
    try {
      // redirect 'error': a redirect could lead anywhere.
      response = await realFetch(input, { ...init, signal, redirect: 'error' });
    } catch (e) {
      if (opts.signal.aborted) throw e;
      const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
      opts.failures.push({ endpoint, message: `${e instanceof Error ? e.message : String(e)}${cause}` });
      throw e;
    }
    if (!response.ok) {
      const text = await response.clone().text().catch(() => '');
      opts.failures.push({ endpoint, message: `HTTP ${response.status}${text ? `: ${text.trim().slice(0, 300)}` : ''}` });
    }
    return response;
  }
}
