/**
 * A strict, tiny XML 1.0 reader for tests: it accepts only well-formed documents (one root, matched tags, quoted
 * attributes without duplicates, `<` and `&` only as markup or the five predefined / numeric references, legal
 * characters) and returns the element tree. Enough to check that a report is well-formed and has the structure a
 * JUnit schema asks for; it does not process DTDs.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

// eslint-disable-next-line no-control-regex
const BAD_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const NAME = /^[A-Za-z_][\w.-]*/;

function unescape(s: string, where: number): string {
  return s.replace(/&([^;]*);?/g, (m, ent: string) => {
    if (!m.endsWith(';')) throw new Error(`bare & at ${where}`);
    const map: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ent in map) return map[ent]!;
    const num = /^#(x[0-9a-fA-F]+|\d+)$/.exec(ent);
    if (num) return String.fromCodePoint(ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10));
    throw new Error(`unknown entity &${ent}; at ${where}`);
  });
}

/** Parse or throw an Error saying where the document is not well-formed. */
export function parseXml(doc: string): XmlElement {
  if (BAD_CHAR.test(doc)) throw new Error('illegal character');
  let i = 0;
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) throw new Error('unterminated declaration');
    i = end + 2;
  }
  const skipMisc = (): void => {
    for (;;) {
      while (/\s/.test(doc[i] ?? '')) i++;
      if (doc.startsWith('<!--', i)) {
        const end = doc.indexOf('-->', i + 4);
        if (end < 0) throw new Error('unterminated comment');
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (doc[i] !== '<') throw new Error(`expected < at ${i}`);
    i++;
    const name = NAME.exec(doc.slice(i))?.[0];
    if (!name) throw new Error(`bad tag name at ${i}`);
    i += name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(doc.slice(i))![0];
      i += ws.length;
      if (doc.startsWith('/>', i)) {
        i += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (doc[i] === '>') {
        i++;
        break;
      }
      if (!ws) throw new Error(`expected whitespace before attribute at ${i}`);
      const an = NAME.exec(doc.slice(i))?.[0];
      if (!an) throw new Error(`bad attribute name at ${i}`);
      i += an.length;
      if (doc[i] !== '=' || (doc[i + 1] !== '"' && doc[i + 1] !== "'")) throw new Error(`attribute ${an} not quoted at ${i}`);
      const q = doc[i + 1]!;
      const end = doc.indexOf(q, i + 2);
      if (end < 0) throw new Error('unterminated attribute');
      const raw = doc.slice(i + 2, end);
      if (raw.includes('<')) throw new Error(`< in attribute ${an}`);
      if (an in attrs) throw new Error(`duplicate attribute ${an}`);
      attrs[an] = unescape(raw, i);
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (i >= doc.length) throw new Error(`unclosed <${name}>`);
      if (doc.startsWith('</', i)) {
        const end = doc.indexOf('>', i);
        const close = doc.slice(i + 2, end).trim();
        if (close !== name) throw new Error(`</${close}> closes <${name}> at ${i}`);
        i = end + 1;
        return { name, attrs, children, text };
      }
      if (doc.startsWith('<!--', i)) {
        const end = doc.indexOf('-->', i + 4);
        if (end < 0) throw new Error('unterminated comment');
        i = end + 3;
      } else if (doc.startsWith('<![CDATA[', i)) {
        const end = doc.indexOf(']]>', i);
        if (end < 0) throw new Error('unterminated CDATA');
        text += doc.slice(i + 9, end);
        i = end + 3;
      } else if (doc[i] === '<') {
        children.push(element());
      } else {
        const next = doc.indexOf('<', i);
        const raw = doc.slice(i, next < 0 ? doc.length : next);
        if (raw.includes(']]>')) throw new Error(']]> in text');
        text += unescape(raw, i);
        i += raw.length;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== doc.length) throw new Error(`content after the root element at ${i}`);
  return root;
}
