// Task groups: user tasks (role, instructions, form, plan status, due), service, script and business rule tasks.
import {
  Group, TextAreaEntry, isSelectEntryEdited, isTextAreaEntryEdited, isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { is } from 'bpmn-js/lib/util/ModelUtil';

import { ExtensionTextEntry, SpiffPropertyEntry } from './entries.jsx';
import { TaskLaneEntry } from './lanes.jsx';
import { t } from '../i18n/ui.js';
import { formSchemaProblem } from '../lint/rules/form-schema-json.js';

const own = (element) => element.businessObject;

export function userTaskGroup(element, injector) {
  if (!is(element, 'bpmn:UserTask')) {
    return null;
  }
  const { planStatuses } = injector.get('config.planflow');
  return {
    id: 'planflow-user-task', label: t('Nhiệm vụ người dùng'), component: Group, shouldOpen: true,
    entries: [
      { id: 'planflow-task-lane', component: TaskLaneEntry, isEdited: isSelectEntryEdited },
      { id: 'planflow-instructions', component: ExtensionTextEntry, isEdited: isTextAreaEntryEdited, owner: own,
        type: 'spiffworkflow:InstructionsForEndUser', label: t('Hướng dẫn'), rows: 3 },
      { id: 'planflow-form-schema', component: SpiffPropertyEntry, isEdited: isTextAreaEntryEdited,
        name: 'formSchema', label: t('Biểu mẫu (JSON Schema)'), rows: 6,
        validate: (text) => (text ? formSchemaProblem(text) : null) },
      { id: 'planflow-plan-status', component: SpiffPropertyEntry, isEdited: isSelectEntryEdited,
        name: 'planStatus', label: t('Trạng thái kế hoạch'), options: () => planStatuses },
      { id: 'planflow-due', component: SpiffPropertyEntry, isEdited: isTextFieldEntryEdited,
        name: 'due', label: t('Hạn xử lý (biểu thức)'),
        description: t('Biểu thức Python cho hạn: plan_deadline, report_deadline (hạn như văn bản ghi) '
          + 'hoặc một ngày ISO (kể cả ngày đó)') },
    ],
  };
}

function ScriptBodyEntry({ element, id }) {
  const modeling = useService('modeling');
  const debounce = useService('debounceInput');
  const task = element.businessObject;
  // SpiffWorkflow runs scripts as Python whatever the format says; writing it keeps the file honest.
  const setValue = (script) => modeling.updateProperties(element, {
    script, scriptFormat: task.scriptFormat || 'python',
  });
  return (
    <TextAreaEntry element={element} id={id} label={t('Mã kịch bản')} debounce={debounce} rows={8}
      monospace autoResize getValue={() => task.script || ''} setValue={setValue} />
  );
}

export function scriptTaskGroup(element) {
  if (!is(element, 'bpmn:ScriptTask')) {
    return null;
  }
  return {
    id: 'planflow-script', label: t('Kịch bản'), component: Group, shouldOpen: true,
    entries: [{ id: 'planflow-script-body', component: ScriptBodyEntry, isEdited: isTextAreaEntryEdited }],
  };
}

/** Pre- and post-scripts: SpiffWorkflow runs them around any activity but a script task. */
export function prePostScriptGroup(element) {
  if (!is(element, 'bpmn:Activity') || is(element, 'bpmn:ScriptTask')) {
    return null;
  }
  const script = (id, type, label) => ({
    id, type, label, component: ExtensionTextEntry, isEdited: isTextAreaEntryEdited, owner: own, rows: 3,
    monospace: true,
  });
  return {
    id: 'planflow-pre-post', label: t('Kịch bản trước/sau'), component: Group,
    entries: [
      script('planflow-pre-script', 'spiffworkflow:PreScript', t('Kịch bản chạy trước (preScript)')),
      script('planflow-post-script', 'spiffworkflow:PostScript', t('Kịch bản chạy sau (postScript)')),
    ],
  };
}

export function businessRuleGroup(element) {
  if (!is(element, 'bpmn:BusinessRuleTask')) {
    return null;
  }
  return {
    id: 'planflow-business-rule', label: t('Bảng quyết định'), component: Group, shouldOpen: true,
    entries: [{
      id: 'planflow-called-decision', component: ExtensionTextEntry, isEdited: isTextFieldEntryEdited, owner: own,
      type: 'spiffworkflow:CalledDecisionId', label: t('Mã bảng quyết định (calledDecisionId)'),
    }],
  };
}
