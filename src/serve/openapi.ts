/** The OpenAPI 3.1 description of the register server, served at /openapi.json. */

const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json({ $ref: '#/components/schemas/Error' }, description);
const rdfBody = {
  required: true,
  description: 'An RDF description (at most --max-body bytes, 1 MB by default). Relative IRIs resolve against the system IRI, so `<>` in Turtle and `"@id": ""` in JSON-LD name the system.',
  content: Object.fromEntries(['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'].map((t) => [t, { schema: { type: 'string' } }])),
};
const idParam = { name: 'id', in: 'path', required: true, description: 'System id: the system IRI is <base>system/{id}, its record graph <base>graph/system/{id}.', schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' } };
const replacesParam = { name: 'replaces', in: 'query', required: false, description: 'Treat the description as a new version of record {replaces}.', schema: { type: 'string' } };
const auth = [{ bearer: [] }];
const classification = { $ref: '/schemas/classification.schema.json#/$defs/system', description: 'One system as in `algoreg classify --format json`.' };
const sparqlResponses = {
  '200': { description: 'Results: SELECT/ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML (by Accept). Without a query: the service description (RDF) or, for a browser, the YASGUI query page.' },
  '400': { description: 'Malformed query (the parser\'s message), more than one query, a SPARQL Update, or a result larger than the cap.' },
  '406': { description: 'No acceptable result format.' },
  '415': { description: 'POST with a Content-Type other than application/x-www-form-urlencoded or application/sparql-query.' },
  '503': { description: 'The query ran past the timeout (10 s by default) and was cancelled.' },
};

const obligationIdParam = { name: 'obligationId', in: 'path', required: true, description: 'The last path segment of the obligation IRI (see /systems/{id}/compliance).', schema: { type: 'string' } };
const viewParams = [
  { name: 'calendar', in: 'query', description: 'The AI Act dates as amended (default) or as adopted.', schema: { enum: ['amended', 'adopted'] } },
  { name: 'at', in: 'query', description: 'The date the view is computed for (YYYY-MM-DD); default today.', schema: { type: 'string', format: 'date' } },
];
const complianceView = json({ type: 'object', properties: { calendar: { type: 'string' }, at: { type: 'string' }, obligations: { type: 'array', items: { type: 'object', properties: { obligation: { type: 'string' }, obligationId: { type: 'string' }, dueOn: { type: ['string', 'null'] }, status: { enum: ['open', 'in-progress', 'met', 'not-applicable'] }, state: { enum: ['met', 'not-applicable', 'overdue', 'due', 'unclear'] }, reason: { type: ['string', 'null'] }, evidence: { type: 'array', items: { type: 'object' } } } } } } }, 'Each obligation with its status, evidence, date on the calendar and state (due, overdue, met, not applicable, unclear), with tallies.');
const trackingPaths = {
  '/systems/{id}/compliance': {
    parameters: [idParam],
    get: { summary: 'Obligation tracking of system {id}: status, evidence, due/overdue/met', parameters: viewParams, responses: { '200': complianceView, '400': error('Bad calendar or date.'), '404': error('Unknown system.') } },
  },
  '/organisations/compliance': {
    get: { summary: 'Obligation tracking per organisation: status, evidence, due/overdue/met', parameters: [{ name: 'organisation', in: 'query', description: 'Organisation IRI, or the last segment of it; without it, every organisation.', schema: { type: 'string' } }, ...viewParams], responses: { '200': complianceView, '400': error('Bad calendar or date.'), '404': error('No obligations of that organisation.') } },
  },
  '/systems/{id}/obligations/{obligationId}/status': {
    parameters: [idParam, obligationIdParam],
    put: {
      summary: 'Set the status of an obligation (the token name is recorded in its history)',
      security: auth,
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { enum: ['open', 'in-progress', 'met', 'not-applicable'] }, reason: { type: 'string', description: 'Required for not-applicable.' }, note: { type: 'string' } } } } } },
      responses: { '200': json({ type: 'object' }, 'The tracked obligation.'), '400': error('Bad status or missing reason (the message names the field).'), '401': error('Missing or wrong bearer token.'), '404': error('Unknown system or obligation.') },
    },
  },
  '/systems/{id}/obligations/{obligationId}/evidence': {
    parameters: [idParam, obligationIdParam],
    post: {
      summary: 'Add an evidence document to an obligation',
      security: auth,
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['type', 'link'], properties: { type: { enum: ['dpia', 'fria', 'contract', 'processing-agreement', 'record-of-processing', 'policy', 'technical-documentation', 'instructions-for-use', 'log', 'registration', 'assessment', 'other'] }, link: { type: 'string', format: 'uri' }, title: { type: 'string' }, date: { type: 'string', format: 'date' } } } } } },
      responses: { '201': json({ type: 'object' }, 'The evidence recorded.'), '400': error('Bad type or link (the message names the field).'), '401': error('Missing or wrong bearer token.'), '404': error('Unknown system or obligation.') },
    },
  },
  '/systems/{id}/obligations/{obligationId}/history': {
    parameters: [idParam, obligationIdParam],
    get: { summary: 'History of an obligation: who changed what, when, from and to which status', responses: { '200': json({ type: 'object', properties: { history: { type: 'array', items: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, by: { type: 'string' }, action: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' } } } } } }, 'The history, oldest first.'), '404': error('Unknown system or obligation.') } },
  },
};

export function openApiDocument(serverUrl: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'algoreg register server',
      version: '0.1.0',
      description: 'A public algorithm register: system descriptions as linked data, validated (SHACL) and classified under the EU AI Act and the GDPR. Reads are public; writes need a bearer token.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Tokens are configured with ALGOREG_TOKENS or --tokens FILE; the token name is recorded in the history.' } },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
        Record: { type: ['object', 'null'], properties: { graph: { type: 'string' }, version: { type: 'integer' }, updatedAt: { type: 'string', format: 'date-time' }, by: { type: 'string' }, triples: { type: 'integer' }, sha256: { type: 'string' } } },
        ValidationReport: { type: 'object', properties: { conforms: { type: 'boolean' }, results: { type: 'array', items: { type: 'object', properties: { severity: { enum: ['Violation', 'Warning', 'Info'] }, focusNode: { type: 'string' }, path: { type: ['string', 'null'] }, value: { type: ['string', 'null'] }, message: { type: 'string' }, sourceShape: { type: 'string' } } } } } },
        WriteResult: { type: 'object', properties: { id: { type: 'string' }, iri: { type: 'string' }, status: { enum: ['created', 'replaced', 'deleted'] }, version: { type: 'integer' }, record: { $ref: '#/components/schemas/Record' }, classification: classification, reclassified: { type: 'array', items: { type: 'string' } }, validation: { $ref: '#/components/schemas/ValidationReport' } } },
        HistoryEntry: { type: 'object', properties: { seq: { type: 'integer' }, id: { type: 'string' }, op: { enum: ['put', 'delete'] }, status: { enum: ['created', 'replaced', 'deleted'] }, at: { type: 'string', format: 'date-time' }, by: { type: 'string' }, triples: { type: 'integer' }, sha256: { type: ['string', 'null'] }, riskTier: { type: ['string', 'null'] } } },
      },
    },
    paths: {
      '/sparql': {
        get: { summary: 'SPARQL 1.1 Protocol query (read-only)', parameters: [{ name: 'query', in: 'query', schema: { type: 'string' } }, { name: 'default-graph-uri', in: 'query', schema: { type: 'array', items: { type: 'string' } } }, { name: 'named-graph-uri', in: 'query', schema: { type: 'array', items: { type: 'string' } } }], responses: sparqlResponses },
        post: { summary: 'SPARQL 1.1 Protocol query by POST (form or direct)', requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { query: { type: 'string' } } } }, 'application/sparql-query': { schema: { type: 'string' } } } }, responses: sparqlResponses },
      },
      '/systems': {
        get: {
          summary: 'Classified systems, filtered and paginated',
          parameters: [
            { name: 'tier', in: 'query', description: 'Comma-separated risk tiers.', schema: { type: 'string', example: 'high-risk' } },
            { name: 'organisation', in: 'query', description: 'Organisation IRI, or the last segment of it.', schema: { type: 'string' } },
            { name: 'role', in: 'query', description: 'A role some organisation (the one named, if any) holds.', schema: { enum: ['provider', 'deployer', 'importer', 'distributor', 'authorised-representative', 'product-manufacturer', 'controller', 'processor', 'joint-controller'] } },
            { name: 'annexIII', in: 'query', description: 'Annex III point, e.g. 5(a), or area, e.g. 5.', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          ],
          responses: { '200': json({ type: 'object', properties: { total: { type: 'integer' }, offset: { type: 'integer' }, limit: { type: 'integer' }, next: { type: ['string', 'null'] }, prev: { type: ['string', 'null'] }, items: { type: 'array', items: { type: 'object' } } } }, 'A page of systems (Link headers point to the next and previous pages).'), '400': error('Unknown filter value.') },
        },
      },
      '/systems/{id}': {
        parameters: [idParam],
        get: { summary: 'Record and classification of system {id}', responses: { '200': json({ type: 'object', properties: { id: { type: 'string' }, iri: { type: 'string' }, record: { $ref: '#/components/schemas/Record' }, classification } }, 'The system.'), '404': error('Unknown system.') } },
        put: {
          summary: 'Store the description of system {id}: SHACL gate, classification, durable write',
          security: auth,
          requestBody: rdfBody,
          responses: {
            '200': json({ $ref: '#/components/schemas/WriteResult' }, 'Replaced.'),
            '201': json({ $ref: '#/components/schemas/WriteResult' }, 'Created.'),
            '400': error('The body cannot be parsed (the message names line and column).'),
            '401': error('Missing or wrong bearer token.'),
            '413': error('Body larger than the limit.'),
            '415': error('Unsupported Content-Type.'),
            '422': json({ type: 'object', properties: { error: { type: 'string' }, report: { $ref: '#/components/schemas/ValidationReport' } } }, 'A SHACL Violation, or the body does not describe system {id}; nothing was stored.'),
            '507': error('The register would pass its size ceiling.'),
          },
        },
        delete: { summary: 'Remove record {id}', security: auth, responses: { '200': json({ $ref: '#/components/schemas/WriteResult' }, 'Deleted.'), '401': error('Missing or wrong bearer token.'), '404': error('No such record.') } },
      },
      '/systems/{id}/obligations': {
        parameters: [idParam],
        get: { summary: 'Obligations of system {id}', parameters: [{ name: 'organisation', in: 'query', schema: { type: 'string' } }, { name: 'role', in: 'query', schema: { type: 'string' } }, { name: 'inForce', in: 'query', schema: { enum: ['true', 'false', 'null'] } }], responses: { '200': json({ type: 'object' }, 'The obligations, with provisions and dates under both calendars.'), '404': error('Unknown system.') } },
      },
      '/systems/{id}/history': {
        parameters: [idParam],
        get: { summary: 'Writes of record {id}, oldest first', responses: { '200': json({ type: 'object', properties: { entries: { type: 'array', items: { $ref: '#/components/schemas/HistoryEntry' } } } }, 'The history.'), '404': error('No history.') } },
      },
      ...trackingPaths,
      '/system/{id}': {
        parameters: [idParam],
        get: { summary: 'The system IRI (linked data): HTML, Turtle, JSON-LD, N-Triples or RDF/XML by content negotiation', responses: { '200': { description: 'The description with its derived classification.' }, '404': error('Unknown system.'), '406': error('No acceptable format.') } },
      },
      '/validate': { post: { summary: 'Dry run of the SHACL gate (nothing is stored)', parameters: [replacesParam], requestBody: rdfBody, responses: { '200': json({ $ref: '#/components/schemas/ValidationReport' }, 'The report for the description\'s own nodes.') } } },
      '/classify': { post: { summary: 'Dry run of the classification in the context of the register (nothing is stored)', parameters: [replacesParam], requestBody: rdfBody, responses: { '200': json({ type: 'object', properties: { systems: { type: 'array', items: classification } } }, 'The classification of the systems the description describes.') } } },
      '/catalog': { get: { summary: 'The register as a DCAT-AP 3.0.1 catalogue: catalogue, dataset, SPARQL data service and dump distributions', responses: { '200': { description: 'Turtle, JSON-LD or RDF/XML by Accept.', content: Object.fromEntries(['text/turtle', 'application/ld+json', 'application/rdf+xml'].map((t) => [t, { schema: { type: 'string' } }])) }, '406': error('No acceptable format.') } } },
      '/dump': { get: { summary: 'Every graph of the register (records, ontology, static and derived graphs) in one download', parameters: [{ name: 'format', in: 'query', required: false, description: 'nquads or trig; overrides Accept.', schema: { enum: ['nquads', 'trig'] } }], responses: { '200': { description: 'N-Quads or TriG by Accept or ?format=.', content: { 'application/n-quads': { schema: { type: 'string' } }, 'application/trig': { schema: { type: 'string' } } } }, '400': error('Unknown format.'), '406': error('No acceptable format.') } } },
      '/links': { get: { summary: 'Every dataset link (dcat:qualifiedRelation) of every system: role, original link, canonical dataset IRI, status (resolved, not-found, unreachable, timeout, invalid-metadata, unchecked), DCAT-AP metadata and quality as last retrieved', responses: { '200': json({ type: 'object' }, 'Endpoint, status counts and links.') } } },
      '/links/refresh': { post: { summary: 'Look every dataset link up on the portal (SPARQL), store the metadata in the portal graph and the durable cache', security: auth, responses: { '200': json({ type: 'object' }, 'The links after the refresh.'), '401': error('Missing or wrong bearer token.') } } },
      '/systems/{id}/links/refresh': { parameters: [idParam], post: { summary: 'Look the dataset links of system {id} up on the portal', security: auth, responses: { '200': json({ type: 'object' }, 'The links of the system after the refresh.'), '401': error('Missing or wrong bearer token.'), '404': error('Unknown system.') } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/schemas/classification.schema.json': { get: { summary: 'JSON Schema of a classification', responses: { '200': { description: 'JSON Schema 2020-12' } } } },
    },
  };
}
