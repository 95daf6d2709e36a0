import { is } from 'bpmn-js/lib/util/ModelUtil';

import { laneOf, roleKey } from '../model.js';
import { t } from '../../i18n/ui.js';

const RECEIVER_MARK = roleKey('(nơi nhận)');

/**
 * planflow/user-task-role: a user task sits in a lane named by roles the engine resolves (config.roles, given
 * by the page); like engine/roles.py, a lane may name several roles ("Văn thư, Trưởng phòng", or with "/") and
 * end with "(nơi nhận)". Without roles, any lane will do.
 */
export default function userTaskRole(config = {}) {
  const roles = new Set((config.roles || []).map(roleKey));
  const known = (name) => {
    const key = roleKey(name);
    const parts = (key.endsWith(RECEIVER_MARK) ? key.slice(0, -RECEIVER_MARK.length) : key).split(/[,/]/);
    return roles.has(key) || parts.every((part) => roles.has(part.trim()));
  };

  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) {
      return;
    }
    const lane = laneOf(node);
    if (!lane) {
      reporter.report(node.id, t('Nhiệm vụ người dùng chưa thuộc làn (vai trò) nào'));
    } else if (roles.size && !known(lane.name)) {
      reporter.report(node.id, t('Làn "{lane}" không phải vai trò nào trong hệ thống', { lane: lane.name || '' }));
    }
  }

  return { check };
}
