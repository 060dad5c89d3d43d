// HTML in register text fields: clean text for the description (paragraphs and lists as line
// breaks and "- " bullets, entities decoded) and a sanitised copy of the HTML for a faithful round
// trip (only the tags the Dutch standard allows, no attributes, nothing executable).
import { decodeHTML } from 'entities';

/** The tags the Dutch publication standard 1.0 allows in text fields (schema-v1_0.json allowed_html_tags). */
export const ALLOWED_TAGS: ReadonlySet<string> = new Set(['div', 'br', 'p', 'ul', 'ol', 'li']);

/** Elements whose content is never text for a reader: dropped with everything inside. */
const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set([
  'script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'noembed', 'noframes',
  'svg', 'math', 'head', 'title', 'textarea', 'select', 'xmp', 'plaintext', 'frameset', 'applet',
]);
/** Elements whose content the HTML parser reads as raw text up to the matching end tag. */
const RAW_TEXT: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);
const VOID: ReadonlySet<string> = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr', 'area', 'base', 'col', 'embed', 'source', 'track', 'param']);
const BLOCK: ReadonlySet<string> = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'address', 'blockquote', 'pre',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'hr', 'form', 'fieldset', 'details', 'summary',
]);

export type HtmlToken =
  | { type: 'text'; raw: string }
  | { type: 'start'; name: string; raw: string; hasAttributes: boolean; selfClosing: boolean }
  | { type: 'end'; name: string; raw: string }
  | { type: 'rawtext'; raw: string } // the content of script, style, textarea, ...
  | { type: 'other'; raw: string }; // comment, doctype, processing instruction, CDATA

const MARKUP = /<[a-zA-Z!/?]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?/;

/** Whether a text contains HTML tags or character references. */
export function hasMarkup(text: string): boolean {
  return MARKUP.test(text);
}

/** Splits HTML into tokens; never throws (malformed markup becomes text or is closed at the end). */
export function tokenize(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let i = 0;
  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) tokens.push({ type: 'text', raw: html.slice(textStart, end) });
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      const end = close < 0 ? html.length : close + 3;
      flushText(lt);
      tokens.push({ type: 'other', raw: html.slice(lt, end) });
      i = textStart = end;
    } else if (next === '!' || next === '?') {
      const close = html.indexOf('>', lt + 2);
      const end = close < 0 ? html.length : close + 1;
      flushText(lt);
      tokens.push({ type: 'other', raw: html.slice(lt, end) });
      i = textStart = end;
    } else if (/[a-zA-Z/]/.test(next)) {
      const end = tagEnd(html, lt + 1);
      const raw = html.slice(lt, end);
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(raw);
      if (!m) {
        i = lt + 1; // "</ " or similar: text
        continue;
      }
      flushText(lt);
      const name = m[2]!.toLowerCase();
      if (m[1]) {
        tokens.push({ type: 'end', name, raw });
        i = textStart = end;
      } else {
        const inner = raw.slice(m[0].length).replace(/\/?>$/, '');
        tokens.push({ type: 'start', name, raw, hasAttributes: inner.trim().length > 0, selfClosing: /\/>$/.test(raw) });
        i = textStart = end;
        if (RAW_TEXT.has(name) && !/\/>$/.test(raw)) {
          // The content is raw text up to </name> (for plaintext and unclosed elements: the end of the input).
          const closeAt = name === 'plaintext' ? -1 : indexOfEndTag(html, name, end);
          const contentEnd = closeAt < 0 ? html.length : closeAt;
          if (contentEnd > end) tokens.push({ type: 'rawtext', raw: html.slice(end, contentEnd) });
          if (closeAt >= 0) {
            const closeEnd = tagEnd(html, closeAt + 2);
            tokens.push({ type: 'end', name, raw: html.slice(closeAt, closeEnd) });
            i = textStart = closeEnd;
          } else {
            i = textStart = html.length;
          }
        }
      }
    } else {
      i = lt + 1;
    }
  }
  flushText(html.length);
  return tokens;
}

/** End (exclusive) of a tag that starts before `from`: the first ">" outside quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let j = from; j < html.length; j++) {
    const c = html[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // quotes only delimit attribute values (after "="), but treating any quote so is safe
      if (html[j - 1] === '=' || /\s/.test(html[j - 1] ?? '')) quote = c;
    } else if (c === '>') {
      return j + 1;
    }
  }
  return html.length;
}

function indexOfEndTag(html: string, name: string, from: number): number {
  const re = new RegExp(`</${name}(?=[\\s/>]|$)`, 'gi');
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? m.index : -1;
}

/**
 * The text a reader sees: block elements and <br> become line breaks, list items "- " (or "1. " in
 * ordered lists, indented per level), character references decoded, runs of white space collapsed;
 * script, style and similar elements are dropped with their content.
 */
export function htmlToText(html: string): string {
  if (!hasMarkup(html)) return html.trim();
  const lines: string[] = [];
  let line = '';
  /** Whether the current line holds only indentation and a list marker so far. */
  let atStart = true;
  let pendingSpace = false;
  const lists: { ordered: boolean; n: number }[] = [];
  let dropDepth = 0;
  let pre = 0;
  const newline = () => {
    lines.push(line);
    line = '';
    atStart = true;
    pendingSpace = false;
  };
  const boundary = () => {
    if (!atStart) newline();
    else line = '';
  };
  for (const t of tokenize(html)) {
    if (t.type === 'other' || t.type === 'rawtext') continue;
    if (t.type === 'start' || t.type === 'end') {
      const name = t.name;
      if (DROPPED_WITH_CONTENT.has(name)) {
        if (t.type === 'start' && !t.selfClosing && !VOID.has(name)) dropDepth++;
        else if (t.type === 'end') dropDepth = Math.max(0, dropDepth - 1);
        continue;
      }
      if (dropDepth > 0) continue;
      if (t.type === 'start') {
        if (name === 'br') newline();
        else if (name === 'ul' || name === 'ol') {
          boundary();
          lists.push({ ordered: name === 'ol', n: 0 });
        } else if (name === 'li') {
          boundary();
          const list = lists[lists.length - 1];
          const indent = '  '.repeat(Math.max(0, lists.length - 1));
          if (list) list.n++;
          line = `${indent}${list?.ordered ? `${list.n}. ` : '- '}`;
          atStart = true;
          pendingSpace = false;
        } else if (name === 'td' || name === 'th') {
          if (!atStart) pendingSpace = true;
        } else if (BLOCK.has(name)) {
          boundary();
          if (name === 'pre') pre++;
        }
      } else {
        if (name === 'ul' || name === 'ol') {
          boundary();
          lists.pop();
        } else if (name === 'li' || BLOCK.has(name)) {
          boundary();
          if (name === 'pre') pre = Math.max(0, pre - 1);
        }
      }
      continue;
    }
    if (dropDepth > 0) continue;
    const text = decodeHTML(t.raw).replace(/\u00a0/g, ' ');
    if (pre > 0) {
      const parts = text.split(/\r?\n/);
      parts.forEach((p, k) => {
        if (k > 0) newline();
        line += p;
        if (p !== '') atStart = false;
      });
      continue;
    }
    text.split(/[ \t\n\r\f\v]+/).forEach((word, k) => {
      if (k > 0) pendingSpace = true;
      if (word === '') return;
      if (pendingSpace && !atStart) line += ' ';
      line += word;
      atStart = false;
      pendingSpace = false;
    });
  }
  lines.push(line);
  // trailing spaces off, at most one blank line in a row, no blank lines at either end
  const out: string[] = [];
  for (const l of lines.map((x) => x.replace(/\s+$/, ''))) {
    if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

export interface SanitisedHtml {
  html: string;
  /** What was removed, for a warning: tag names, "attributes", "comments". */
  removed: string[];
}

/**
 * The HTML with only the standard's tags (div, br, p, ul, ol, li) and no attributes; other tags are
 * unwrapped (their text kept), script/style and similar are dropped with their content, comments
 * dropped. Text and character references are kept byte for byte, so valid input comes back unchanged.
 */
export function sanitizeHtml(html: string): SanitisedHtml {
  if (!/[<]/.test(html)) return { html, removed: [] };
  const removed = new Set<string>();
  let out = '';
  let dropDepth = 0;
  for (const t of tokenize(html)) {
    if (t.type === 'other') {
      removed.add(t.raw.startsWith('<!--') ? 'comments' : 'declarations');
      continue;
    }
    if (t.type === 'rawtext') continue; // inside script, style, ...: reported with its element
    if (t.type === 'text') {
      if (dropDepth === 0) out += t.raw;
      continue;
    }
    const name = t.name;
    if (DROPPED_WITH_CONTENT.has(name)) {
      removed.add(`<${name}>`);
      if (t.type === 'start' && !t.selfClosing && !VOID.has(name)) dropDepth++;
      else if (t.type === 'end') dropDepth = Math.max(0, dropDepth - 1);
      continue;
    }
    if (dropDepth > 0) continue;
    if (!ALLOWED_TAGS.has(name)) {
      removed.add(`<${name}>`);
      continue;
    }
    if (t.type === 'start' && t.hasAttributes) {
      removed.add(/\son[a-z]+\s*=/i.test(t.raw) ? 'event attributes' : 'attributes');
      out += name === 'br' ? '<br>' : `<${name}>`;
    } else {
      out += t.raw;
    }
  }
  return { html: out, removed: [...removed].sort() };
}
