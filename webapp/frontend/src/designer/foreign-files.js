// What other tools write and bpmn-moddle would silently change. Where the file's own text can be put back on save,
// it is; what cannot is listed in `notices` ({elementId, message}) for the page to name before anyone saves.
import { t } from '../i18n/ui.js';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const MARK = 'pf.ns.';  // an unprefixed attribute name no tool writes; see keepPrefixedAttributes

/** The id of `node` or of its nearest ancestor that has one. */
function ownerId(node) {
  for (let current = node; current?.getAttribute; current = current.parentNode) {
    if (current.getAttribute('id')) {
      return current.getAttribute('id');
    }
  }
  return '';
}

/**
 * References written as QNames (GenMyModel: bpmnElement="bpmn2:Task_1", sourceRef="bpmn2:..."): the schema types
 * them xsd:QName, moddle looks the whole text up as an id and finds nothing, so the diagram opens empty and a save
 * drops every reference. Where `prefix:local` is no id but `local` is, and the prefix is declared, it is `local`.
 * Returns the prefixes, by attribute name or element name, so that the save writes them again.
 */
function resolveQNameReferences(document, ids) {
  const written = new Map();
  const resolve = (node, value) => {
    const match = /^([A-Za-z_][\w.-]*):([\w.-]+)$/.exec(value.trim());
    if (!match || ids.has(value.trim()) || !ids.has(match[2]) || !node.lookupNamespaceURI(match[1])) {
      return null;
    }
    return match;
  };
  for (const element of [...document.getElementsByTagName('*')]) {
    for (const attribute of [...element.attributes]) {
      const match = !attribute.prefix && attribute.name !== 'id' && resolve(element, attribute.value);
      if (match) {
        element.setAttribute(attribute.name, match[2]);
        written.set(`@${attribute.name}`, match[1]);
      }
    }
    const text = element.children.length === 0 && element.namespaceURI === BPMN_NS ? element.textContent : '';
    const match = text && resolve(element, text);
    if (match) {
      element.textContent = match[2];
      written.set(`<${element.localName}`, match[1]);
    }
  }
  return written;
}

/** Writes the prefixes of resolveQNameReferences back, on the attributes and elements that had them. */
function writeQNamesAgain(xml, written, ids) {
  let result = xml;
  for (const [where, prefix] of written) {
    const name = where.slice(1);
    const pattern = where.startsWith('@')
      ? new RegExp(`(\\s${name}=")([\\w.-]+)(")`, 'g')
      : new RegExp(`(<(?:[\\w.-]+:)?${name}>)([\\w.-]+)(</)`, 'g');
    result = result.replace(pattern, (all, before, id, after) => (ids.has(id) ? `${before}${prefix}:${id}${after}` : all));
  }
  return result;
}

/**
 * moddle keeps one `extensionElements` per element (the schema allows one); a second block would replace the first.
 * The children of every block are moved into the first, and the element is named.
 */
function mergeExtensionBlocks(document, notices) {
  for (const element of [...document.getElementsByTagName('*')]) {
    const blocks = [...element.children].filter((child) => child.localName === 'extensionElements'
      && child.namespaceURI === BPMN_NS);
    if (blocks.length > 1) {
      blocks.slice(1).forEach((block) => { blocks[0].append(...block.childNodes); block.remove(); });
      notices.push({ elementId: ownerId(element), message: t(
        'Phần tử có {count} khối extensionElements: khi lưu, nội dung của chúng được gộp vào một khối.',
        { count: blocks.length }) });
    }
  }
}

/**
 * Attribute texts that are no number, by owner id, element and attribute name: moddle reads loopMaximum="" as
 * NaN and would write "NaN". The save writes the file's text again (keepUnreadNumbers).
 */
function textsThatAreNoNumber(document) {
  const texts = new Map();
  for (const element of document.getElementsByTagName('*')) {
    for (const attribute of element.attributes) {
      if (!attribute.prefix && Number.isNaN(parseFloat(attribute.value))) {
        texts.set(`${ownerId(element.parentNode)}|${element.localName.toLowerCase()}|${attribute.name}`,
          attribute.value);
      }
    }
  }
  return texts;
}

/** Every element owned by `root` (moddle's containment tree), each once. */
function* ownedElements(root, seen = new Set()) {
  if (!root || typeof root !== 'object' || seen.has(root) || !root.$descriptor) {
    return;
  }
  seen.add(root);
  yield root;
  if (root.$descriptor.isGeneric) {
    for (const child of root.$children || []) {
      yield* ownedElements(child, seen);
    }
    return;
  }
  for (const property of root.$descriptor.properties) {
    if (!property.isReference && !property.isAttr && root[property.name]) {
      for (const child of property.isMany ? root[property.name] : [root[property.name]]) {
        yield* ownedElements(child, seen);
      }
    }
  }
}

function parentId(element) {
  for (let current = element.$parent; current; current = current.$parent) {
    if (current.id) {
      return current.id;
    }
  }
  return '';
}

/**
 * The id of the innermost element around `line`:`column` of `xml` (or its nearest ancestor with an id): moddle's
 * "unparsable content" warnings give a position, not an element.
 */
export function idAt(xml, line, column) {
  const lines = xml.split('\n');
  // saxen counts lines from 0
  const before = [...lines.slice(0, line), lines[line]?.slice(0, column) ?? ''].join('\n');
  const open = [];
  for (const [, closing, attributes, empty] of before.matchAll(/<(\/?)[\w:.-]+((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g)) {
    if (closing) {
      open.pop();
    } else if (!empty) {
      open.push(/\sid\s*=\s*["']([^"']*)["']/.exec(attributes)?.[1] || '');
    }
  }
  return open.filter(Boolean).at(-1) || '';
}

export function ForeignFiles(eventBus) {
  this.notices = [];
  let qnames = new Map();
  let ids = new Set();
  let unreadNumbers = new Map();

  eventBus.on('import.parse.start', ({ xml }) => {
    this.notices = [];
    qnames = new Map();
    unreadNumbers = new Map();
    const document = new DOMParser().parseFromString(xml, 'application/xml');
    if (document.querySelector('parsererror')) {
      return xml;  // moddle reports it
    }
    ids = new Set([...document.querySelectorAll('[id]')].map((element) => element.getAttribute('id')));
    qnames = resolveQNameReferences(document, ids);
    mergeExtensionBlocks(document, this.notices);
    unreadNumbers = textsThatAreNoNumber(document);
    // Rewritten only when needed: moddle's warnings then give the file's own line numbers.
    return qnames.size || this.notices.length ? new XMLSerializer().serializeToString(document) : xml;
  });

  // moddle strips the prefix of a generic element's attribute in the element's own namespace
  // (<triso:x triso:readOnly="true"> comes back as readOnly="true", which is no longer in that namespace). For the
  // length of a save such attributes carry a mark instead of their prefix, which the text gets back afterwards.
  let renamed = [];
  let restoredNumbers = [];
  eventBus.on('saveXML.start', ({ definitions }) => {
    renamed = [];
    restoredNumbers = [];
    for (const element of ownedElements(definitions)) {
      if (element.$descriptor.isGeneric) {
        const prefix = element.$type.split(':')[0];
        for (const key of Object.keys(element).filter((name) => name.startsWith(`${prefix}:`))) {
          const marked = `${MARK}${prefix}.${key.slice(prefix.length + 1)}`;
          element[marked] = element[key];
          delete element[key];
          renamed.push([element, key, marked]);
        }
        continue;
      }
      for (const property of element.$descriptor.properties) {
        if (property.isAttr && Number.isNaN(element[property.name]) && typeof element[property.name] === 'number') {
          const type = element.$type.split(':')[1].toLowerCase();
          const text = unreadNumbers.get(`${parentId(element)}|${type}|${property.name}`) ?? '';
          restoredNumbers.push([element, property.name]);
          element[property.name] = Object(text);
        }
      }
    }
  });
  eventBus.on('saveXML.serialized', ({ xml }) => writeQNamesAgain(
    xml.replace(/\spf\.ns\.([\w-]+)\.([\w.-]+)=/g, ' $1:$2='), qnames, ids));
  eventBus.on('saveXML.done', () => {
    renamed.forEach(([element, key, marked]) => { element[key] = element[marked]; delete element[marked]; });
    restoredNumbers.forEach(([element, name]) => { element[name] = NaN; });
    renamed = [];
    restoredNumbers = [];
  });
}

ForeignFiles.$inject = ['eventBus'];

export default {
  __init__: ['foreignFiles'],
  foreignFiles: ['type', ForeignFiles],
};
