// The BPMN modeler: bpmn-js with the properties panel (standard + planflow groups), bpmnlint and Vietnamese labels.
import lintModule from 'bpmn-js-bpmnlint';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { is } from 'bpmn-js/lib/util/ModelUtil';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';

import translateModule from '../i18n/translate.js';
import { lintConfig } from '../lint/config.js';
import spiffworkflow from '../moddle/spiffworkflow.json';
import planflowPropertiesModule from '../properties/index.js';
import keepDrawnChildrenModule from './drawn-children.js';
import faithfulSaveModule from './faithful-save.js';
import foreignFilesModule from './foreign-files.js';
import keepUndrawnLanesModule from './undrawn-lanes.js';

const PROBLEM = 'pf-problem';

/** `options` are the page's lists: {roles, operations, planStatuses}. */
export function createBpmnEditor({ canvas, properties, options }) {
  const modeler = new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    linting: { active: true, bpmnlint: lintConfig(options.roles) },
    planflow: options,
    // Only the spiffworkflow extension is registered: elements of other tools (camunda:*, signavio, ...) stay
    // generic and are written back as they were read.
    moddleExtensions: { spiffworkflow },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, planflowPropertiesModule, lintModule, translateModule,
      faithfulSaveModule, keepUndrawnLanesModule, keepDrawnChildrenModule, foreignFilesModule,
    ],
  });
  modeler.on('linting.completed', ({ issues }) => {
    const count = Object.values(issues).reduce((total, list) => total + list.length, 0);
    document.body.dataset.lintIssues = String(count);
  });
  const registry = modeler.get('elementRegistry');
  const canvasService = modeler.get('canvas');
  let marked = [];

  return {
    kind: 'bpmn',
    modeler,
    async importXML(xml) {
      marked = [];
      const { warnings } = await modeler.importXML(xml);
      // Show the whole diagram, but never enlarge a small one.
      if (canvasService.zoom('fit-viewport', 'auto') > 1) {
        canvasService.zoom(1, 'auto');
      }
      return { warnings, notices: modeler.get('foreignFiles').notices };
    },
    async saveXML() {
      return (await modeler.saveXML({ format: true })).xml;
    },
    /** The id a file of this diagram is named after: its (first) process. */
    mainId() {
      const roots = modeler.getDefinitions()?.rootElements || [];
      const process = roots.find((root) => is(root, 'bpmn:Process'))
        || roots.find((root) => is(root, 'bpmn:Collaboration'))?.participants?.[0]?.processRef;
      return process?.id || '';
    },
    /** Outlines the elements named by the server's problems (those drawn in the diagram). */
    markProblems(ids) {
      this.clearProblems();
      marked = ids.filter((id) => registry.get(id));
      marked.forEach((id) => canvasService.addMarker(id, PROBLEM));
    },
    clearProblems() {
      marked.filter((id) => registry.get(id)).forEach((id) => canvasService.removeMarker(id, PROBLEM));
      marked = [];
    },
    has: (id) => Boolean(registry.get(id)),
    /** Opens the plane holding the element, scrolls to it and selects it. */
    showElement(id) {
      const element = registry.get(id);
      canvasService.scrollToElement(element);
      modeler.get('selection').select(element);
    },
    destroy() {
      modeler.destroy();
      delete document.body.dataset.lintIssues;
    },
  };
}
