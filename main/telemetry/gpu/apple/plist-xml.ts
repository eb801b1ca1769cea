// A reader for the XML property-list subset powermetrics writes (dict, array, key, string, integer,
// real, true, false, date, data). Small on purpose: one dependency less, and it fails loudly on
// anything else instead of guessing.

export type PlistValue = string | number | boolean | Date | PlistValue[] | { [key: string]: PlistValue };

const TAG = /<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g;

export class PlistSyntaxError extends Error {
  override name = 'PlistSyntaxError';
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

interface Frame {
  kind: 'dict' | 'array';
  value: { [key: string]: PlistValue } | PlistValue[];
  pendingKey: string | null;
}

/** Parses one `<plist>` document; throws PlistSyntaxError on a torn or foreign document. */
export function parsePlistXml(xml: string): PlistValue {
  // Comments, the XML declaration and the DOCTYPE carry nothing we need.
  const text = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!DOCTYPE[^>]*>/g, '');
  const stack: Frame[] = [];
  let root: PlistValue | undefined;
  let sawPlistEnd = false;
  let leafStart = -1;
  let leafTag = '';

  const put = (value: PlistValue): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (root !== undefined) throw new PlistSyntaxError('more than one root value');
      root = value;
      return;
    }
    if (top.kind === 'array') {
      (top.value as PlistValue[]).push(value);
      return;
    }
    if (top.pendingKey === null) throw new PlistSyntaxError('dict value without a key');
    (top.value as { [key: string]: PlistValue })[top.pendingKey] = value;
    top.pendingKey = null;
  };

  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const closing = m[1] === '/';
    const name = m[2];
    const selfClosing = m[3] === '/';
    if (leafStart >= 0) {
      if (!closing || name !== leafTag) throw new PlistSyntaxError(`<${name}> inside <${leafTag}>`);
      const raw = decodeEntities(text.slice(leafStart, m.index));
      leafStart = -1;
      handleLeaf(name, raw);
      continue;
    }
    if (name === 'plist') {
      if (closing) sawPlistEnd = true;
      continue;
    }
    if (name === 'dict' || name === 'array') {
      if (selfClosing) {
        put(name === 'dict' ? {} : []);
      } else if (!closing) {
        stack.push({ kind: name, value: name === 'dict' ? {} : [], pendingKey: null });
      } else {
        const frame = stack.pop();
        if (!frame || frame.kind !== name) throw new PlistSyntaxError(`unbalanced </${name}>`);
        if (frame.pendingKey !== null) throw new PlistSyntaxError(`key ${frame.pendingKey} without a value`);
        put(frame.value);
      }
      continue;
    }
    if (name === 'true' || name === 'false') {
      put(name === 'true');
      continue;
    }
    if (closing) throw new PlistSyntaxError(`unexpected </${name}>`);
    if (selfClosing) {
      handleLeaf(name, '');
      continue;
    }
    leafStart = TAG.lastIndex;
    leafTag = name;
  }

  function handleLeaf(name: string, raw: string): void {
    switch (name) {
      case 'key': {
        const top = stack[stack.length - 1];
        if (!top || top.kind !== 'dict') throw new PlistSyntaxError('<key> outside a dict');
        top.pendingKey = raw;
        return;
      }
      case 'string':
        put(raw);
        return;
      case 'integer':
      case 'real': {
        const n = Number(raw.trim());
        if (raw.trim() === '' || Number.isNaN(n)) throw new PlistSyntaxError(`bad <${name}> ${raw}`);
        put(n);
        return;
      }
      case 'date': {
        const d = new Date(raw.trim());
        if (Number.isNaN(d.getTime())) throw new PlistSyntaxError(`bad <date> ${raw}`);
        put(d);
        return;
      }
      case 'data':
        put(raw.replace(/\s+/g, ''));
        return;
      default:
        throw new PlistSyntaxError(`unsupported <${name}>`);
    }
  }

  if (leafStart >= 0 || stack.length > 0 || !sawPlistEnd || root === undefined) {
    throw new PlistSyntaxError('document is incomplete');
  }
  return root;
}
