// bpmnlint's `recommended` rules plus planflow's, resolved from the bundle (no module loading in the browser).
import recommended from 'bpmnlint/config/recommended';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import globalRootElements from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';

import { lanesOf } from './model.js';
import formSchemaJson from './rules/form-schema-json.js';
import userTaskRole from './rules/user-task-role.js';

/**
 * no-bpmndi without lanes: planflow's workflows keep their lanes undrawn (the lanes list tasks that sit inside
 * collapsed sub-processes, which a drawn lane cannot contain), so a lane without DI is our convention.
 */
function exceptLanes(ruleFactory) {
  return (config) => {
    const rule = ruleFactory(config);
    return {
      ...rule,
      check(node, reporter) {
        const lanes = new Set((node.rootElements || []).flatMap(lanesOf).map((lane) => lane.id));
        const filtered = Object.create(reporter);
        filtered.report = (id, ...rest) => lanes.has(id) || reporter.report(id, ...rest);
        return rule.check(node, filtered);
      },
    };
  };
}

const RULES = {
  bpmnlint: {
    'ad-hoc-sub-process': adHocSubProcess,
    'conditional-flows': conditionalFlows,
    'end-event-required': endEventRequired,
    'event-based-gateway': eventBasedGateway,
    'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
    'fake-join': fakeJoin,
    'global': globalRootElements,
    'label-required': labelRequired,
    'link-event': linkEvent,
    'no-bpmndi': exceptLanes(noBpmndi),
    'no-complex-gateway': noComplexGateway,
    'no-disconnected': noDisconnected,
    'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
    'no-gateway-join-fork': noGatewayJoinFork,
    'no-implicit-split': noImplicitSplit,
    'no-implicit-end': noImplicitEnd,
    'no-implicit-start': noImplicitStart,
    'no-inclusive-gateway': noInclusiveGateway,
    'no-overlapping-elements': noOverlappingElements,
    'single-blank-start-event': singleBlankStartEvent,
    'single-event-definition': singleEventDefinition,
    'start-event-required': startEventRequired,
    'sub-process-blank-start-event': subProcessBlankStartEvent,
    'superfluous-gateway': superfluousGateway,
    'superfluous-label': superfluousLabel,
    'superfluous-termination': superfluousTermination,
  },
  'bpmnlint-plugin-planflow': {
    'user-task-role': userTaskRole,
    'form-schema-json': formSchemaJson,
  },
};

const resolver = {
  resolveRule(pkg, ruleName) {
    const rule = RULES[pkg]?.[ruleName];
    if (!rule) {
      throw new Error(`unknown lint rule <${pkg}/${ruleName}>`);
    }
    return rule;
  },
  resolveConfig(pkg, configName) {
    throw new Error(`unknown lint config <${pkg}/${configName}>`);
  },
};

/** The `linting.bpmnlint` option of bpmn-js-bpmnlint; `roles` are the lane names the engine accepts. */
export function lintConfig(roles) {
  return {
    config: {
      rules: {
        ...recommended.rules,
        'planflow/user-task-role': ['error', { roles }],
        'planflow/form-schema-json': 'error',
      },
    },
    resolver,
  };
}
