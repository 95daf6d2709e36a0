// Local files: download the current XML, read a .bpmn/.dmn chosen by the user (nothing goes to the server).
import { t } from '../i18n/ui.js';

export function downloadXml(xml, filename) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

const DECLARED_ENCODING = /^(\s*<\?xml[^>]*?)\sencoding=["']([\w.-]+)["']/;

/**
 * The file's text, decoded with the encoding its XML declaration names (files from other tools are often Latin-1);
 * the declaration then stops naming it, since the text is no longer in that encoding.
 */
export async function readXmlFile(file) {
  const bytes = await file.arrayBuffer();
  const declared = DECLARED_ENCODING.exec(new TextDecoder('latin1').decode(bytes.slice(0, 200)))?.[2];
  let text;
  try {
    text = new TextDecoder(declared || 'utf-8').decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return text.replace(DECLARED_ENCODING, '$1');
}

const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMN_DI = 'http://www.omg.org/spec/BPMN/20100524/DI';

/**
 * "bpmn" or "dmn" from the namespace of the document element. Throws, with the reason, on a document that is not
 * XML, neither BPMN nor DMN, or BPMN without a diagram to show: such a file never reaches the modeler, whose import
 * would fail half-way.
 */
export function kindOf(xml) {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  if (document.querySelector('parsererror')) {
    throw new Error(t('tệp không phải XML hợp lệ.'));
  }
  const root = document.documentElement;
  if (/\/spec\/DMN\//.test(root.namespaceURI || '')) {
    return 'dmn';
  }
  if (root.namespaceURI !== BPMN_MODEL || root.localName !== 'definitions') {
    throw new Error(t('tệp không phải sơ đồ BPMN hay bảng quyết định DMN (phần tử gốc là <{root}>).',
      { root: root.tagName }));
  }
  if (!document.getElementsByTagNameNS(BPMN_DI, 'BPMNPlane').length) {
    throw new Error(t('tệp không có dữ liệu hình vẽ (BPMNDiagram), nên không có gì để hiển thị.'));
  }
  return 'bpmn';
}
