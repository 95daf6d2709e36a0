// The diagrams a new process or decision table starts from, named in the page's language.
import { t } from '../i18n/ui.js';

const randomId = () => Math.random().toString(36).slice(2, 9);
// The names are this file's own texts; escaped anyway, as any text put in XML.
const xmlText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** A new executable process with one start event (ids are random so two new processes never collide). */
export function blankBpmn() {
  const processId = `Process_${randomId()}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
    id="Definitions_${randomId()}" targetNamespace="http://planflow.vn/bpmn">
  <bpmn:process id="${processId}" name="${xmlText(t('Quy trình mới'))}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="${xmlText(t('Bắt đầu'))}" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** A new decision with one decision table (DMN 1.3, which SpiffWorkflow validates). */
export function blankDmn() {
  const decisionId = `Decision_${randomId()}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"
    xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/"
    id="Definitions_${randomId()}" name="${xmlText(t('Bảng quyết định mới'))}" namespace="http://planflow.vn/dmn">
  <decision id="${decisionId}" name="${xmlText(t('Bảng quyết định mới'))}">
    <decisionTable id="DecisionTable_${randomId()}" hitPolicy="UNIQUE">
      <input id="Input_1" label="${xmlText(t('Đầu vào'))}">
        <inputExpression id="InputExpression_1" typeRef="number"><text>gia_tri</text></inputExpression>
      </input>
      <output id="Output_1" label="${xmlText(t('Kết quả'))}" name="ket_qua" typeRef="string" />
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="DMNDiagram_1">
      <dmndi:DMNShape id="DMNShape_1" dmnElementRef="${decisionId}">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}
