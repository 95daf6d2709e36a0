// The designer page (#designer): opens the diagram, wires the toolbar to the server and to local files.
import { blankBpmn, blankDmn } from './blank.js';
import { createBpmnEditor } from './bpmn-editor.js';
import { createDmnEditor } from './dmn-editor.js';
import { downloadXml, kindOf, readXmlFile } from './files.js';
import { idAt } from './foreign-files.js';
import { clearProblems, showProblems } from './problems.js';
import { formatTime } from '../format.js';
import { failureMessage, fetchText, postXml } from '../http.js';
import { t } from '../i18n/ui.js';

const BLANK = { bpmn: blankBpmn, dmn: blankDmn };

function readSettings(root) {
  const list = (name) => JSON.parse(root.dataset[name] || '[]');
  return {
    kind: root.dataset.kind === 'dmn' ? 'dmn' : 'bpmn',
    mainId: root.dataset.mainId || '',
    sourceUrl: root.dataset.sourceUrl || '',
    deployUrl: root.dataset.deployUrl,
    draftUrl: root.dataset.draftUrl,
    options: { roles: list('roles'), operations: list('operations'), planStatuses: list('planStatuses') },
  };
}

export async function startDesigner(root) {
  const settings = readSettings(root);
  const part = (id) => root.querySelector(`#${id}`);
  const canvas = part('designer-canvas');
  const properties = part('designer-properties');
  const problems = part('designer-problems');
  const status = new Status(part('designer-status'));
  let editor = null;

  /** Shows `xml` in an editor of its kind, replacing the editor when the kind changes. */
  async function show(kind, xml) {
    if (editor?.kind !== kind) {
      editor?.destroy();
      editor = kind === 'dmn'
        ? createDmnEditor({ canvas })
        : createBpmnEditor({ canvas, properties, options: settings.options });
      root.dataset.kind = kind;
      properties.hidden = kind === 'dmn';
    }
    clearProblems(problems, editor);
    const { warnings, notices } = await editor.importXML(xml);
    window.planflowDesigner = { modeler: editor.modeler, kind };
    if (warnings.length || notices.length) {
      // Whatever could not be read would be missing from the saved file, and what is written differently is
      // named: both before anyone saves, one line per element.
      console.warn('import warnings', warnings);
      const count = warnings.length + notices.length;
      status.show('warning', t('Tệp có {count} chỗ sẽ khác đi khi lưu (xem danh sách bên dưới).', { count }));
      showProblems(problems, editor, [...notices, ...warnings.map((warning) => importWarning(warning, xml))].map(
        ({ elementId, message }) => ({ element_id: elementId, message })));
    }
  }

  /**
   * Opens `xml`; when it cannot be shown, the diagram shown before (with its unsaved edits) comes back in a new
   * editor, since a modeler whose import failed is left half-cleared, and the error is thrown again.
   */
  async function open(kind, xml) {
    const previous = editor && { kind: editor.kind, xml: await editor.saveXML().catch(() => null) };
    try {
      await show(kind, xml);
    } catch (error) {
      editor?.destroy();
      editor = null;
      await show(previous?.xml ? previous.kind : kind, previous?.xml || BLANK[previous?.kind || kind]());
      throw error;
    }
  }

  const buttons = root.querySelectorAll('.designer-toolbar button');

  async function send(url, onSuccess) {
    status.show('info', t('Đang gửi…'));
    buttons.forEach((button) => { button.disabled = true; });
    try {
      const response = await postXml(url, await editor.saveXML());
      if (response.status === 200 || response.status === 201) {
        clearProblems(problems, editor);
        onSuccess(response.body);
      } else {
        status.show('error', failureMessage(response));
        showProblems(problems, editor, response.body?.problems || []);
      }
    } catch (error) {
      status.show('error', t('Không gửi được: {error}', { error: error.message }));
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  }

  const deployed = (body) => {
    root.dataset.mainId = body.main_id;
    document.body.dataset.deployedVersion = String(body.version);
    const message = body.unchanged
      ? t('Nội dung không đổi: phiên bản {version} vẫn là phiên bản mới nhất', { version: body.version })
      : t('Đã triển khai phiên bản {version}', { version: body.version });
    status.show('success', message, body.versions_url);
  };

  const draftSaved = (body) => {
    root.dataset.mainId = body.main_id;
    status.show('success', t('Đã lưu nháp lúc {at}', { at: formatTime(body.saved_at) }));
    if (body.url && body.url !== window.location.pathname) {
      window.history.replaceState(null, '', body.url);
    }
  };

  const act = (id, handler) => part(id).addEventListener('click', handler);
  // The server deploys only what the designer confirmed: the box, ticked by hand or by the confirmation dialog
  // (webapp/static/forms.js). Each deploy is confirmed anew.
  const confirmBox = part('designer-deploy-confirm');
  act('designer-deploy', async () => {
    const confirmed = confirmBox?.checked ? `${settings.deployUrl.includes('?') ? '&' : '?'}confirm=yes` : '';
    await send(settings.deployUrl + confirmed, deployed);
    if (confirmBox) confirmBox.checked = false;
  });
  act('designer-save-draft', () => send(settings.draftUrl, draftSaved));
  act('designer-download', async () => {
    const name = editor.mainId() || root.dataset.mainId || 'so-do';
    downloadXml(await editor.saveXML(), `${name}.${editor.kind}`);
  });
  part('designer-open-file').addEventListener('change', async (event) => {
    const [file] = event.target.files;
    event.target.value = '';
    if (!file) {
      return;
    }
    try {
      const xml = await readXmlFile(file);
      status.show('info', t('Đã mở tệp {name} (chưa lưu).', { name: file.name }));
      await open(kindOf(xml), xml);
    } catch (error) {
      status.show('error', t('Không mở được tệp {name}: {error} Sơ đồ đang mở vẫn giữ nguyên.',
        { name: file.name, error: openError(error) }));
    }
  });

  try {
    await open(settings.kind, settings.sourceUrl ? await fetchText(settings.sourceUrl) : BLANK[settings.kind]());
  } catch (error) {
    status.show('error', t('Không mở được sơ đồ: {error}', { error: openError(error) }));
  }
}

/** bpmn-js's and dmn-js's reasons a file does not open, said precisely. */
function openError(error) {
  const message = error.message || String(error);
  if (/no diagram to display/.test(message)) {
    return t('tệp không có dữ liệu hình vẽ (BPMNDiagram), nên không có gì để hiển thị.');
  }
  if (/failed to parse document as <bpmn:Definitions>|unparsable content <|No definitions/i.test(message)) {
    return t('tệp không phải sơ đồ BPMN hay bảng quyết định DMN ({detail}).', { detail: message.split('\n')[0] });
  }
  return message;
}

/** An import warning of moddle as a problem line: the element it names, the text in the page's language. */
function importWarning(warning, xml) {
  const message = warning.message.split('\n')[0];
  const reference = /^unresolved reference <(.+)>$/.exec(message);
  const content = /^unparsable content <(.+?)>? detected$/.exec(message);
  let text = t('Không đọc được: {detail}; phần này sẽ mất khi lưu.', { detail: message });
  if (reference) {
    text = t('Tham chiếu tới "{id}" không có trong tệp: tham chiếu này sẽ mất khi lưu.', { id: reference[1] });
  } else if (content) {
    text = t('Không đọc được phần tử <{tag}>: phần tử này sẽ mất khi lưu.', { tag: content[1] });
  }
  const position = /line: (\d+)\s+column: (\d+)/.exec(warning.message);
  const elementId = nearestId(warning.element) || (position ? idAt(xml, Number(position[1]), Number(position[2])) : '');
  return { elementId, message: text };
}

function nearestId(element) {
  for (let current = element; current; current = current.$parent) {
    if (current.id) {
      return current.id;
    }
  }
  return '';
}

/** The #designer-status line: a state (info, success, warning, error) for the colour, a text and an optional link. */
class Status {
  constructor(element) {
    this.element = element;
  }

  show(state, text, link) {
    this.element.dataset.state = state;
    this.element.replaceChildren(text);
    if (link) {
      const anchor = document.createElement('a');
      anchor.href = link;
      anchor.textContent = t('Xem các phiên bản');
      this.element.append(' ', anchor);
    }
  }
}
