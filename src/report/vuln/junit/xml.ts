/**
 * The small part of XML 1.0 the JUnit report writes: escaped text and attribute values. Characters XML 1.0 cannot
 * carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF; https://www.w3.org/TR/xml/#charsets) are replaced
 * with U+FFFD, since feed texts do contain them and one would make the whole report unreadable.
 */

// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escape element text. */
export function escapeXmlText(s: string): string {
  return s.replace(INVALID_XML_CHARS, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape an attribute value for double quotes; tabs and line breaks become references so parsers keep them. */
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** `<name a="1" b="2">` with escaped values, attributes in the order given, undefined ones left out. */
export function openTag(name: string, attrs: Record<string, string | number | undefined>, selfClose = false): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
  return `<${name}${a}${selfClose ? '/>' : '>'}`;
}
