import { spiffProperty } from '../model.js';
import { t } from '../../i18n/ui.js';

/** planflow/form-schema-json: a task's formSchema property is a JSON object (the engine validates answers with it). */
export default function formSchemaJson() {

  function check(node, reporter) {
    const schema = spiffProperty(node, 'formSchema');
    if (schema === undefined) {
      return;
    }
    const problem = formSchemaProblem(schema);
    if (problem) {
      reporter.report(node.id, problem);
    }
  }

  return { check };
}

/** Why a formSchema text is unusable (Vietnamese), or null; the properties panel shows the same message inline. */
export function formSchemaProblem(text) {
  let schema;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    return t('Biểu mẫu (formSchema) không phải JSON hợp lệ: {error}', { error: error.message });
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return t('Biểu mẫu (formSchema) phải là một đối tượng JSON Schema ({...})');
  }
  return null;
}
