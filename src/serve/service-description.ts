import oxigraph from 'oxigraph';
import { GRAPH } from '../store/graph-store.js';

export interface ServiceInfo {
  /** Triples in the register, derived graph included. */
  triples: number;
  /** Base IRI of the register (record graphs are <base>graph/system/{id}). */
  base: string;
  /** The endpoints SERVICE may call (--federate). */
  federation?: readonly string[];
}

/** The SPARQL 1.1 Service Description of the endpoint, in Turtle. */
export function serviceDescriptionTurtle(endpoint: string, info: ServiceInfo): string {
  return `@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<${endpoint}#service> a sd:Service ;
    sd:endpoint <${endpoint}> ;
    rdfs:label "algoreg register SPARQL endpoint (read-only)"@en ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;${federation(info.federation ?? [])}
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    sd:resultFormat formats:SPARQL_Results_JSON , formats:SPARQL_Results_XML , formats:SPARQL_Results_CSV ,
        formats:SPARQL_Results_TSV , formats:Turtle , formats:N-Triples , formats:JSON-LD , formats:RDF_XML ;
    sd:defaultDataset <${endpoint}#dataset> .

<${endpoint}#dataset> a sd:Dataset ;
    rdfs:comment "The default graph is the union of all named graphs: the ontology, one graph per system description (${info.base}graph/system/{id}) and the derived classifications."@en ;
    sd:defaultGraph [ a sd:Graph ; void:triples ${info.triples} ] ;
    sd:namedGraph [ a sd:NamedGraph ; sd:name <${GRAPH.ontology}> ] ,
                  [ a sd:NamedGraph ; sd:name <${GRAPH.derived}> ] .
`;
}

/** The service description in any RDF media type oxigraph writes. */
export function serviceDescription(endpoint: string, mediaType: string, info: ServiceInfo): string {
  const turtle = serviceDescriptionTurtle(endpoint, info);
  if (mediaType === 'text/turtle') return turtle;
  const store = new oxigraph.Store();
  store.load(turtle, { format: 'text/turtle' });
  return store.query('CONSTRUCT WHERE { ?s ?p ?o }', { results_format: mediaType }) as string;
}

/** SERVICE is offered only towards the allow-listed endpoints: say which. */
function federation(endpoints: readonly string[]): string {
  if (endpoints.length === 0) return '';
  const list = endpoints.map((e) => `<${e}>`).join(', ');
  return `
    sd:feature sd:BasicFederatedQuery ;
    rdfs:comment ${JSON.stringify(`SERVICE may call only these SPARQL endpoints: ${list}. Any other SERVICE target, and SERVICE with a variable, is refused with 400.`)}@en ;`;
}
