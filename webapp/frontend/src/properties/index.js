// The planflow properties provider: groups for the spiffworkflow extensions our engine reads, placed after
// the standard groups of bpmn-js-properties-panel (general, documentation, timer, message, ...).
import { laneGroup, processLanesGroup } from './lanes.jsx';
import { correlationPropertiesGroup, messageGroup } from './message.jsx';
import { serviceParametersGroup, serviceTaskGroup } from './service-task.jsx';
import { businessRuleGroup, prePostScriptGroup, scriptTaskGroup, userTaskGroup } from './tasks.jsx';

const LOW_PRIORITY = 500;

function PlanflowPropertiesProvider(propertiesPanel, injector, translate) {
  this.getGroups = (element) => (groups) => {
    insertAfter(groups, 'general', [
      processLanesGroup(element, injector),
      laneGroup(element),
      userTaskGroup(element, injector),
      serviceTaskGroup(element),
      serviceParametersGroup(element, injector),
      scriptTaskGroup(element),
      businessRuleGroup(element),
      prePostScriptGroup(element),
    ]);
    // Next to the standard group where the message itself is chosen.
    insertAfter(groups, 'message', [messageGroup(element), correlationPropertiesGroup(element, injector)]);
    // The panel's own texts ("Create new list item", "Section contains edits") come from each group's translate.
    groups.forEach((group) => { group.translate ??= translate; });
    return groups;
  };

  propertiesPanel.registerProvider(LOW_PRIORITY, this);
}

function insertAfter(groups, id, additions) {
  const index = groups.findIndex((group) => group.id === id);
  groups.splice(index < 0 ? groups.length : index + 1, 0, ...additions.filter(Boolean));
}

PlanflowPropertiesProvider.$inject = ['propertiesPanel', 'injector', 'translate'];

export default {
  __init__: ['planflowPropertiesProvider'],
  planflowPropertiesProvider: ['type', PlanflowPropertiesProvider],
};
