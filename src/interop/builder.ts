import { DataFactory } from 'n3';
import type { BlankNode, NamedNode, Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';
import type { OrganisationRecord, OrganisationRegistry } from './organisations.js';
import type { FormatSpec } from './spec.js';
import { AR, RDF_TYPE, RDFS_LABEL, XSD } from './vocab.js';

const { namedNode, blankNode, literal, quad } = DataFactory;

export type Subject = NamedNode | BlankNode;

/** Collects the triples of one imported entry: the system, its organisations and nodes. */
export class EntryBuilder {
  readonly quads: Quad[] = [];
  readonly warnings: string[] = [];
  readonly systemNode: NamedNode;
  responsible?: OrganisationRecord;
  /** How the responsible organisation was found: named by the entry, given on the command line, or the supplier. */
  responsibleFrom?: 'entry' | 'option' | 'supplier';
  supplier?: OrganisationRecord;
  private blanks = 0;
  private readonly slots = new Map<string, BlankNode>();

  constructor(
    readonly system: string,
    readonly lang: string,
    private readonly bnodePrefix: string,
    readonly orgs: OrganisationRegistry,
    readonly spec: FormatSpec,
  ) {
    this.systemNode = namedNode(system);
    this.add(this.systemNode, RDF_TYPE, namedNode(`${AR}AlgorithmicSystem`));
  }

  add(s: Subject, p: string, o: Quad_Object): void {
    this.quads.push(quad(s as Quad_Subject, namedNode(p), o));
  }

  text(s: Subject, p: string, value: string, lang = this.lang): void {
    this.add(s, p, literal(value, lang || undefined));
  }

  plain(s: Subject, p: string, value: string): void {
    this.add(s, p, literal(value));
  }

  typed(s: Subject, p: string, value: string, datatype: string): void {
    this.add(s, p, literal(value, namedNode(datatype)));
  }

  bool(s: Subject, p: string, value: boolean): void {
    this.typed(s, p, String(value), `${XSD}boolean`);
  }

  iri(s: Subject, p: string, value: string): void {
    this.add(s, p, namedNode(value));
  }

  blank(): BlankNode {
    return blankNode(`${this.bnodePrefix}${++this.blanks}`);
  }

  /** A node shared by several fields of the entry (a named assessment, one row of parallel arrays). */
  slot(name: string, create: (node: BlankNode) => void): BlankNode {
    let node = this.slots.get(name);
    if (!node) {
      node = this.blank();
      this.slots.set(name, node);
      create(node);
    }
    return node;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Adds the organisations and the responsible organisation's role assignment. */
  finish(): void {
    const orgs = new Map<string, OrganisationRecord>();
    if (this.responsible) orgs.set(this.responsible.iri, this.responsible);
    if (this.supplier) orgs.set(this.supplier.iri, this.supplier);
    for (const org of orgs.values()) {
      const node = namedNode(org.iri);
      this.add(node, RDF_TYPE, namedNode(`${AR}Organisation`));
      this.text(node, RDFS_LABEL, org.name);
      if (org.kind) this.iri(node, `${AR}organisationKind`, `${AR}${org.kind}`);
      if (org.establishedInEU !== undefined) this.bool(node, `${AR}establishedInEU`, org.establishedInEU);
    }
    if (this.responsible) {
      this.iri(this.systemNode, `${AR}responsibleOrganisation`, this.responsible.iri);
      // The organisation the entry names uses the system (that is what these registers record);
      // an organisation only taken over from the supplier field gets no value-chain facts.
      if (this.responsibleFrom !== 'supplier') {
        const facts = [...this.spec.responsibleValueChain];
        if (this.supplier) facts.push(...(this.supplier.iri === this.responsible.iri ? this.spec.inHouseValueChain : this.spec.suppliedValueChain));
        const role = this.blank();
        this.add(this.systemNode, `${AR}roleAssignment`, role);
        this.add(role, RDF_TYPE, namedNode(`${AR}RoleAssignment`));
        this.iri(role, `${AR}agent`, this.responsible.iri);
        for (const f of [...new Set(facts)]) this.iri(role, `${AR}valueChainFact`, `${AR}${f}`);
      }
    }
  }
}
