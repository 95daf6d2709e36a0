// Roles: a lane's name is a role; a user task's role is the lane that lists it (flowNodeRef).
import { Group, ListGroup, SelectEntry, isSelectEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';

import { Edit, ownClick } from './edit.js';
import { withCurrent } from './entries.jsx';
import { t } from '../i18n/ui.js';
import { laneOf, lanesOf, processOf } from '../lint/model.js';

function LaneRoleEntry({ element, id, lane }) {
  const injector = useService('injector');
  const { roles } = useService('config.planflow');
  const setValue = (name) => new Edit(injector, element).set(lane, { name }).run();
  return (
    <SelectEntry element={element} id={id} label={t('Vai trò')}
      getValue={() => lane.name || ''} setValue={setValue} getOptions={() => withCurrent(roles, lane.name)} />
  );
}

/** Lane (drawn): "Vai trò". */
export function laneGroup(element) {
  if (!is(element, 'bpmn:Lane')) {
    return null;
  }
  const lane = element.businessObject;
  return {
    id: 'planflow-lane', label: t('Vai trò'), component: Group, shouldOpen: true,
    entries: [{ id: 'planflow-lane-role', component: LaneRoleEntry, lane, isEdited: isSelectEntryEdited }],
  };
}

/**
 * Process (or its pool): the lanes as a list of roles. Our workflow files draw no lanes (their tasks sit
 * inside collapsed sub-processes), so this list is where lanes are added, renamed and removed.
 */
export function processLanesGroup(element, injector) {
  const process = processOf(getBusinessObject(element));
  if (!process || !(is(element, 'bpmn:Process') || is(element, 'bpmn:Participant'))) {
    return null;
  }
  const items = lanesOf(process).map((lane) => ({
    id: `planflow-lanes-${lane.id}`,
    label: lane.name || lane.id,
    entries: [{ id: `planflow-lanes-${lane.id}-role`, component: LaneRoleEntry, lane, isEdited: isSelectEntryEdited }],
    remove: ownClick(() => removeLane(injector, element, lane)),
  }));
  return {
    id: 'planflow-lanes', label: t('Vai trò (làn)'), component: ListGroup, items,
    add: ownClick(() => addLane(injector, element, process)),
  };
}

function addLane(injector, element, process) {
  const edit = new Edit(injector, element);
  let laneSet = process.get('laneSets')[0];
  if (!laneSet) {
    laneSet = edit.create('bpmn:LaneSet', { lanes: [] }, process);
    edit.set(process, { laneSets: [laneSet] });
  }
  const lane = edit.create('bpmn:Lane', { name: '', flowNodeRef: [] }, laneSet);
  edit.set(laneSet, { lanes: [...laneSet.get('lanes'), lane] }).run();
}

function removeLane(injector, element, lane) {
  const laneSet = lane.$parent;
  const edit = new Edit(injector, element);
  for (const node of lane.get('flowNodeRef')) {
    edit.set(node, { lanes: node.get('lanes').filter((other) => other !== lane) });
  }
  edit.set(laneSet, { lanes: laneSet.get('lanes').filter((other) => other !== lane) }).run();
}

/**
 * User task: "Vai trò thực hiện" moves the task's flowNodeRef to the chosen lane of its process. Where lanes are
 * drawn, the drawing decides (bpmn-js updates the lanes when a task moves): the select only shows the lane.
 */
export function TaskLaneEntry({ element, id }) {
  const injector = useService('injector');
  const elementRegistry = useService('elementRegistry');
  const task = element.businessObject;
  const lanes = lanesOf(processOf(task));
  const getOptions = () => [
    { value: '', label: t('(chưa giao vai trò)') },
    ...lanes.map((lane) => ({ value: lane.id, label: lane.name || lane.id })),
  ];
  // Both sides of the relation change: the lane's flowNodeRef (written to the file) and the task's virtual `lanes`
  // (what bpmn-js reads when the task moves).
  const setValue = (laneId) => {
    const edit = new Edit(injector, element);
    for (const lane of lanes) {
      const refs = lane.get('flowNodeRef');
      if (lane.id === laneId && !refs.includes(task)) {
        edit.set(lane, { flowNodeRef: [...refs, task] });
      } else if (lane.id !== laneId && refs.includes(task)) {
        edit.set(lane, { flowNodeRef: refs.filter((ref) => ref !== task) });
      }
    }
    const others = task.get('lanes').filter((lane) => !lanes.includes(lane));
    edit.set(task, { lanes: [...others, ...lanes.filter((lane) => lane.id === laneId)] }).run();
  };
  const drawn = lanes.some((lane) => elementRegistry.get(lane.id));
  const description = drawn ? t('Làn được vẽ trên sơ đồ: kéo nhiệm vụ vào làn để đổi vai trò.')
    : lanes.length ? undefined : t('Quy trình chưa có làn: thêm ở nhóm "Vai trò (làn)" của quy trình.');
  return (
    <SelectEntry element={element} id={id} label={t('Vai trò thực hiện')} description={description} disabled={drawn}
      getValue={() => laneOf(task)?.id || ''} setValue={setValue} getOptions={getOptions} />
  );
}
