// The DMN modeler: dmn-js (DRD and decision table editors) with Vietnamese labels and a bar to switch views.
import DmnModeler from 'dmn-js/lib/Modeler';

import translateModule from '../i18n/translate.js';
import { t } from '../i18n/ui.js';

const VIEW_LABELS = { drd: 'Sơ đồ quyết định (DRD)', decisionTable: 'Bảng quyết định', literalExpression: 'Biểu thức' };

export function createDmnEditor({ canvas }) {
  // Per view: dmn-js lets a view's additionalModules replace the `common` ones.
  const translated = { additionalModules: [translateModule] };
  const modeler = new DmnModeler({
    container: canvas,
    drd: translated, decisionTable: translated, literalExpression: translated, boxedExpression: translated,
  });
  const bar = document.createElement('nav');
  bar.className = 'designer-views';
  bar.setAttribute('aria-label', t('Các phần của bảng quyết định'));
  canvas.before(bar);
  modeler.on('views.changed', ({ views, activeView }) => renderViews(bar, modeler, views, activeView));

  return {
    kind: 'dmn',
    modeler,
    async importXML(xml) {
      const { warnings } = await modeler.importXML(xml);
      // Designers come to edit the table's cells: open the first table rather than the DRD.
      const table = modeler.getViews().find((view) => view.type === 'decisionTable');
      if (table) {
        await modeler.open(table);
      }
      return { warnings, notices: [] };
    },
    async saveXML() {
      return (await modeler.saveXML({ format: true })).xml;
    },
    mainId() {
      const decision = (modeler.getDefinitions()?.drgElement || []).find((element) => element.$type === 'dmn:Decision');
      return decision?.id || '';
    },
    // Problems name decisions at best: they open the decision's view; tables have no markers.
    markProblems() {},
    clearProblems() {},
    has: (id) => Boolean(decisionView(modeler, id)),
    showElement(id) {
      modeler.open(decisionView(modeler, id));
    },
    destroy() {
      modeler.destroy();
      bar.remove();
    },
  };
}

function decisionView(modeler, id) {
  return modeler.getViews().find((view) => view.element.id === id && view.type !== 'drd');
}

function renderViews(bar, modeler, views, activeView) {
  bar.replaceChildren(...views.map((view) => {
    const button = document.createElement('button');
    button.type = 'button';
    const name = view.type === 'drd' ? '' : `: ${view.element.name || view.element.id}`;
    button.textContent = `${VIEW_LABELS[view.type] ? t(VIEW_LABELS[view.type]) : view.type}${name}`;
    button.setAttribute('aria-pressed', String(view === activeView));
    button.className = view === activeView ? '' : 'secondary';
    button.addEventListener('click', () => modeler.open(view));
    return button;
  }));
}
