// Lookups over the BPMN model shared by the lint rules and the properties panel.
import { is } from 'bpmn-js/lib/util/ModelUtil';

export const SPIFF_PROPERTIES = 'spiffworkflow:Properties';

/** The process an element belongs to (tasks inside sub-processes included). */
export function processOf(element) {
  let current = element;
  while (current && !is(current, 'bpmn:Process')) {
    current = is(current, 'bpmn:Participant') ? current.processRef : current.$parent;
  }
  return current || null;
}

/** Every lane of a process, nested lanes included. */
export function lanesOf(process) {
  const lanes = [];
  const collect = (laneSet) => {
    for (const lane of laneSet?.lanes || []) {
      lanes.push(lane);
      collect(lane.childLaneSet);
    }
  };
  (process?.laneSets || []).forEach(collect);
  return lanes;
}

/** The innermost lane that lists the flow node, or null. */
export function laneOf(flowNode) {
  const lanes = lanesOf(processOf(flowNode)).filter((lane) => (lane.flowNodeRef || []).includes(flowNode));
  return lanes.at(-1) || null;
}

/** The value of `spiffworkflow:property name="..."` among an element's extension elements, or undefined. */
export function spiffProperty(element, name) {
  const values = element.extensionElements?.values || [];
  const container = values.find((value) => is(value, SPIFF_PROPERTIES));
  return (container?.properties || []).find((property) => property.name === name)?.value;
}

/** Lane names compare as the engine compares them: NFC, trimmed, case-insensitive. */
export function roleKey(name) {
  return (name || '').normalize('NFC').trim().toLocaleLowerCase('vi');
}
