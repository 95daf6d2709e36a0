// Open → save must lose nothing of a file drawn elsewhere. bpmn-js drops two things when it saves; this module
// puts them back for the length of each save.
const BEFORE_DI_ORDERING = 2500;  // bpmn-js's BpmnDiOrdering listens at 2000
const AFTER_DI_ORDERING = 1500;

/**
 * bpmn-js rewrites every plane from the shapes on the canvas, which drops DI it does not draw (shapes of a process
 * no pool refers to, an edge whose element is missing): keep those after the drawn ones.
 */
function keepUndrawnDi(eventBus, elementRegistry) {
  let undrawn = [];

  eventBus.on('saveXML.start', BEFORE_DI_ORDERING, ({ definitions }) => {
    const drawn = new Set(elementRegistry.getAll().map((element) => element.di));
    undrawn = (definitions.diagrams || []).filter((diagram) => diagram.plane).map(({ plane }) => [
      plane, plane.get('planeElement').filter((di) => !drawn.has(di)),
    ]);
  });

  eventBus.on('saveXML.start', AFTER_DI_ORDERING, () => {
    for (const [plane, kept] of undrawn) {
      const present = new Set(plane.get('planeElement'));
      plane.set('planeElement', [...plane.get('planeElement'), ...kept.filter((di) => !present.has(di))]);
    }
    undrawn = [];
  });
}

/**
 * moddle does not write an attribute whose value equals the schema default, so completionQuantity="1" or
 * isInterrupting="true" written by another tool vanish (and bpmn-moddle's default for messageVisibleKind is not
 * even the schema's). A boxed value is not `===` the default: moddle writes it, as the same text.
 */
function keepExplicitDefaults(eventBus) {
  let boxed = [];

  eventBus.on('saveXML.start', ({ definitions }) => {
    boxed = [];
    visit(definitions, new Set(), (element, name, value) => {
      element[name] = Object(value);
      boxed.push([element, name, value]);
    });
  });

  eventBus.on('saveXML.done', () => {
    boxed.forEach(([element, name, value]) => { element[name] = value; });
    boxed = [];
  });
}

/** Calls `onDefault` for each attribute set (in the file) to its default, in every element owned by `element`. */
function visit(element, seen, onDefault) {
  if (!element || typeof element !== 'object' || seen.has(element)) {
    return;
  }
  seen.add(element);
  const descriptor = element.$descriptor;
  if (!descriptor || descriptor.isGeneric) {
    (element.$children || []).forEach((child) => visit(child, seen, onDefault));
    return;
  }
  for (const property of descriptor.properties) {
    if (property.isReference || !Object.hasOwn(element, property.name)) {
      continue;
    }
    const value = element[property.name];
    if (property.isAttr) {
      if (property.default !== undefined && value === property.default) {
        onDefault(element, property.name, value);
      }
    } else {
      (property.isMany ? value : [value]).forEach((child) => visit(child, seen, onDefault));
    }
  }
}

function FaithfulSave(eventBus, elementRegistry) {
  keepUndrawnDi(eventBus, elementRegistry);
  keepExplicitDefaults(eventBus);
}

FaithfulSave.$inject = ['eventBus', 'elementRegistry'];

export default {
  __init__: ['faithfulSave'],
  faithfulSave: ['type', FaithfulSave],
};
