// Bizagi, OMNITRACKER and Modelio write a sub-process without `isExpanded` and draw its children in the parent
// diagram, beside or inside it. bpmn-js reads a missing `isExpanded` as collapsed (DiUtil.isExpanded), and its
// SubprocessCompatibility (on `import.render.start`, priority 1500) then moves the DI of every child of a collapsed
// sub-process into a new diagram, shifted to the origin, leaving their labels where they were: a save writes the
// children into a diagram of their own at new coordinates. Where the children are drawn in the same plane, the tool
// meant the sub-process drawn open: mark it expanded before that module runs, so the children are drawn where the
// file puts them, and leave the attribute out again when saving, as the file had it.
const BEFORE_SUBPROCESS_COMPATIBILITY = 2000;

/** The DI shapes of sub-processes without `isExpanded` whose children are drawn in the same plane. */
function openedByTheirChildren(plane) {
  const elements = plane.get('planeElement');
  const parents = new Set(elements.map((di) => di.bpmnElement?.$parent).filter(Boolean));
  return elements.filter((di) => di.$type === 'bpmndi:BPMNShape' && di.isExpanded === undefined
    && di.bpmnElement?.$instanceOf('bpmn:SubProcess') && parents.has(di.bpmnElement));
}

function KeepDrawnChildren(eventBus) {
  let marked = [];

  eventBus.on('import.render.start', BEFORE_SUBPROCESS_COMPATIBILITY, ({ definitions }) => {
    marked = (definitions.diagrams || []).filter((diagram) => diagram.plane)
      .flatMap((diagram) => openedByTheirChildren(diagram.plane));
    marked.forEach((di) => { di.isExpanded = true; });
  });

  // Only shapes still expanded: one the designer collapsed since writes its isExpanded="false".
  let unset = [];
  eventBus.on('saveXML.start', ({ definitions }) => {
    unset = marked.filter((di) => di.isExpanded === true && definitions === rootOf(di));
    unset.forEach((di) => { di.isExpanded = undefined; });
  });
  eventBus.on('saveXML.done', () => {
    unset.forEach((di) => { di.isExpanded = true; });
    unset = [];
  });
}

function rootOf(element) {
  let current = element;
  while (current.$parent) {
    current = current.$parent;
  }
  return current;
}

KeepDrawnChildren.$inject = ['eventBus'];

export default {
  __init__: ['keepDrawnChildren'],
  keepDrawnChildren: ['type', KeepDrawnChildren],
};
