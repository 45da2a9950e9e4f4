/** A parsed XML element: name, children and text (attributes are not needed for VOC). */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

/**
 * A small, strict XML reader for annotation files: elements, text, comments, CDATA, the XML
 * declaration. Document type declarations are refused (no entities, no external references).
 * Throws an Error with a short reason on anything malformed.
 */
export function parseXml(text: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new Error('document type declarations are not allowed');
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const re =
    /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const top = stack[stack.length - 1]!;
    if (m[7]) throw new Error(`a stray "<" at character ${m.index}`);
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2]) {
      if (top.name !== m[2] || stack.length === 1) throw new Error(`</${m[2]}> does not close <${top.name}>`);
      top.text = decodeEntities(top.text).trim();
      stack.pop();
    } else if (m[3]) {
      const node: XmlNode = { name: m[3], children: [], text: '' };
      top.children.push(node);
      if (!m[5]) stack.push(node);
      if (stack.length > 64) throw new Error('elements are nested too deeply');
    } else if (m[6] !== undefined) top.text += m[6];
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  const elements = root.children;
  if (elements.length !== 1) throw new Error('there must be exactly one root element');
  return elements[0]!;
}

export function child(n: XmlNode | undefined, name: string): XmlNode | undefined {
  return n?.children.find((c) => c.name === name);
}

export function children(n: XmlNode | undefined, name: string): XmlNode[] {
  return n?.children.filter((c) => c.name === name) ?? [];
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
