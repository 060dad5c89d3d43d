import { DataFactory } from 'n3';
import type { Quad, Quad_Object } from '@rdfjs/types';
import { relabelBlankNodes } from '../store/ntriples.js';
import type { PortalCache } from './cache.js';
import type { DeclaredLink } from './declared.js';
import { resolveLink } from './resolve.js';
import { STATUS_CONCEPT } from './status.js';
import { MLDCAT_PROPERTY, NS, RUN_TIME_ROLES, roleName } from './terms.js';

const { namedNode, literal, quad } = DataFactory;

/** The node of one link in the portal graph: <{derived base}link/{key}>. */
export function linkNode(derivedBase: string, key: string): string {
  return `${derivedBase}link/${key}`;
}

/**
 * The portal graph: what the register derives from the links of the descriptions and what it
 * retrieved about the datasets. Rebuilt whole from the descriptions and the cache, so it never
 * holds statements for links no description states any more.
 */
export function portalGraphQuads(links: DeclaredLink[], cache: PortalCache, derivedBase: string): Quad[] {
  const out: Quad[] = [];
  const add = (s: string, p: string, o: Quad_Object | string) => out.push(quad(namedNode(s), namedNode(p), typeof o === 'string' ? namedNode(o) : o));
  const dateTime = (v: string) => literal(v, namedNode(`${NS.xsd}dateTime`));
  const datasets = new Set<string>();
  for (const link of links) {
    const state = cache.link(link.key);
    const canonical = state?.canonical ?? resolveLink(link.link).canonical;
    const node = linkNode(derivedBase, link.key);
    add(node, `${NS.rdf}type`, `${NS.ar}DatasetLink`);
    add(node, `${NS.ar}linkedSystem`, link.system);
    add(node, `${NS.dcat}hadRole`, link.role);
    add(node, `${NS.ar}originalLink`, link.link);
    add(node, `${NS.ar}linkStatus`, STATUS_CONCEPT[state?.status ?? 'unchecked']);
    if (state?.message) add(node, `${NS.ar}statusMessage`, literal(state.message, 'en'));
    if (state?.checkedAt) add(node, `${NS.ar}checkedAt`, dateTime(state.checkedAt));
    if (!canonical) continue;
    add(node, `${NS.ar}resolvedDataset`, canonical);
    const record = cache.dataset(canonical);
    if (record) {
      add(node, `${NS.prov}generatedAtTime`, dateTime(record.retrievedAt));
      add(node, `${NS.dct}source`, record.source);
      datasets.add(canonical);
    }
    // The original link, when it is a page and not the dataset itself, is where people land.
    if (link.link !== canonical && /^https?:\/\//.test(link.link)) add(canonical, `${NS.dcat}landingPage`, link.link);
    const role = roleName(link.role);
    if (!role) continue;
    if (RUN_TIME_ROLES.has(role)) for (const use of link.uses) add(use, `${NS.prov}used`, canonical);
    if (role === 'output') for (const use of link.uses) add(canonical, `${NS.prov}wasGeneratedBy`, use);
    const ml = MLDCAT_PROPERTY[role];
    if (ml && link.model) add(link.system, ml, canonical);
  }
  let n = 0;
  for (const iri of [...datasets].sort()) out.push(...relabelBlankNodes(cache.quads(iri), `portal${n++}x`));
  return out;
}
