/**
 * What a SPARQL request is, read from its tokens without a full parse: its query form, and
 * whether it names its own dataset (FROM / FROM NAMED). Oxigraph parses the query itself and
 * reports syntax errors; this only decides the result formats on offer, the dataset, and refuses
 * updates with a clear message.
 */
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE' | 'UPDATE' | 'UNKNOWN';

const QUERY_FORMS = new Set(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);
const UPDATE_KEYWORDS = new Set(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'CREATE', 'DROP', 'COPY', 'MOVE', 'ADD', 'WITH']);
const IRI = /<[^<>"{}|^`\\\s]*>/y;
const WORD = /[A-Za-z_][A-Za-z0-9_-]*/y;

export interface QueryShape {
  form: QueryForm;
  /** The query has a FROM or FROM NAMED clause. */
  hasDataset: boolean;
  /** The word SERVICE occurs as a keyword: the query may be federated (federation/detect.ts parses it to be sure). */
  hasService: boolean;
}

export function queryShape(text: string): QueryShape {
  let form: QueryForm = 'UNKNOWN';
  let hasDataset = false;
  let hasService = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === '<') {
      IRI.lastIndex = i;
      i = IRI.exec(text) ? IRI.lastIndex : i + 1;
    } else if (c === '"' || c === "'") {
      i = skipString(text, i);
    } else if (c === '?' || c === '$') {
      WORD.lastIndex = i + 1;
      i = WORD.exec(text) ? WORD.lastIndex : i + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      WORD.lastIndex = i;
      const m = WORD.exec(text);
      const word = m ? m[0] : c;
      i += word.length;
      // A prefixed name (ex:thing): not a keyword; skip its local part.
      if (text[i] === ':') {
        i++;
        while (i < n && /[^\s{}()<>,;.'"]/.test(text[i])) i++;
        continue;
      }
      const kw = word.toUpperCase();
      if (form === 'UNKNOWN' && QUERY_FORMS.has(kw)) form = kw as QueryForm;
      else if (form === 'UNKNOWN' && UPDATE_KEYWORDS.has(kw)) form = 'UPDATE';
      else if (kw === 'FROM' && form !== 'UPDATE') hasDataset = true;
      else if (kw === 'SERVICE') hasService = true;
    } else {
      i++;
    }
  }
  return { form, hasDataset, hasService };
}

function skipString(text: string, i: number): number {
  const q = text[i];
  const long = text.startsWith(q.repeat(3), i);
  let j = i + (long ? 3 : 1);
  while (j < text.length) {
    if (text[j] === '\\') j += 2;
    else if (long && text.startsWith(q.repeat(3), j)) return j + 3;
    else if (!long && text[j] === q) return j + 1;
    else if (!long && text[j] === '\n') return j;
    else j++;
  }
  return j;
}
