// The instance page (#instance-diagram): the instance's version drawn read-only, each element coloured by its
// state, and the clicked element's tasks with their data in #instance-element.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { is } from 'bpmn-js/lib/util/ModelUtil';

import translateModule from '../i18n/translate.js';
import { formatTime } from '../format.js';
import { fetchText } from '../http.js';
import { t } from '../i18n/ui.js';

const STATE_LABELS = { completed: 'Đã hoàn thành', active: 'Đang thực hiện', waiting: 'Đang chờ' };
const TASK_STATE_LABELS = { ...STATE_LABELS, ready: 'Chờ xử lý', cancelled: 'Đã hủy' };
const stateLabel = (labels, state) => (labels[state] ? t(labels[state]) : state);
// A sub-process shows the most pressing state among its children.
const RANK = { active: 2, waiting: 1 };

export async function startInstanceViewer(container) {
  const details = document.getElementById('instance-element');
  const viewer = new NavigatedViewer({ container, additionalModules: [translateModule] });
  try {
    const [xml, state] = await Promise.all([
      fetchText(container.dataset.sourceUrl), fetchText(container.dataset.stateUrl).then(JSON.parse),
    ]);
    await viewer.importXML(xml);
    markStates(viewer, state.elements || {});
    viewer.get('canvas').zoom('fit-viewport');
    viewer.on('element.click', ({ element }) => details && showDetails(details, element, state));
    container.append(legend());
    window.planflowViewer = viewer;
  } catch (error) {
    const message = document.createElement('p');
    message.className = 'pf-viewer-error';
    message.textContent = t('Không hiển thị được sơ đồ: {error}', { error: error.message });
    container.append(message);
  }
}

function markStates(viewer, elements) {
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  const shown = { ...elements };
  // Elements inside a collapsed sub-process are drawn on its own plane: colour the sub-process shape too.
  for (const [id, state] of Object.entries(elements)) {
    let parent = registry.get(id)?.businessObject.$parent;
    for (; parent && is(parent, 'bpmn:SubProcess'); parent = parent.$parent) {
      if ((RANK[state] || 0) > (RANK[shown[parent.id]] || 0)) {
        shown[parent.id] = state;
      }
    }
  }
  for (const [id, state] of Object.entries(shown)) {
    if (registry.get(id) && STATE_LABELS[state]) {
      canvas.addMarker(id, `pf-${state}`);
    }
  }
}

function showDetails(details, clicked, state) {
  const element = clicked.labelTarget || clicked;
  if (!element.parent) {
    return;  // the canvas itself: keep what is shown
  }
  const id = element.businessObject.id;
  const title = document.createElement('h3');
  title.textContent = element.businessObject.name || id;
  title.lang = 'vi';  // the designer's words, as the diagram writes them
  const status = document.createElement('p');
  status.textContent = t(STATE_LABELS[state.elements?.[id]] || 'Chưa thực hiện');
  details.replaceChildren(title, status, ...(state.tasks?.[id] || []).map(taskEntry));
}

function taskEntry(task) {
  const section = document.createElement('section');
  const heading = document.createElement('h4');
  const name = document.createElement('span');
  name.textContent = task.name;
  name.lang = 'vi';
  heading.append(name, ` — ${stateLabel(TASK_STATE_LABELS, task.state)}`);
  section.append(heading);
  if (task.completed_by || task.completed_at) {
    const who = document.createElement('p');
    const at = formatTime(task.completed_at);
    who.textContent = t('Hoàn thành bởi {who} lúc {at}', { who: task.completed_by || '—', at });
    section.append(who);
  }
  section.append(dataList(task.data || {}));
  return section;
}

/** Task data as a <dl>; nested values as indented JSON. Every text goes in through textContent. */
function dataList(data) {
  const list = document.createElement('dl');
  list.lang = 'vi';  // what people typed, under the form's own field names
  for (const [key, value] of Object.entries(data)) {
    const term = document.createElement('dt');
    term.textContent = key;
    const description = document.createElement('dd');
    if (value !== null && typeof value === 'object') {
      const pre = document.createElement('pre');
      pre.textContent = JSON.stringify(value, null, 2);
      description.append(pre);
    } else {
      description.textContent = value === null ? '—' : String(value);
    }
    list.append(term, description);
  }
  return list;
}

function legend() {
  const list = document.createElement('ul');
  list.className = 'pf-legend';
  for (const [state, label] of Object.entries(STATE_LABELS)) {
    const item = document.createElement('li');
    item.className = `pf-legend-${state}`;
    item.textContent = t(label);
    list.append(item);
  }
  return list;
}
