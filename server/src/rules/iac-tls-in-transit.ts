import { asString, entryOf, getAll, getValue, itemsOf, type IacFormat, type IacResource, type IacValue } from '../analysis/iac/model';
import type { FixValue } from '../fixes/iacEdits';
import { createIacRule, type IacRun } from './iacRule';

const RULE_ID = 'iac-tls-in-transit';

/**
 * PHI crosses networks over TLS 1.2+: load balancer HTTP listeners only redirect to HTTPS (code,
 * here), HTTPS listeners and CloudFront distributions require TLS 1.2, CloudFront redirects
 * viewers to HTTPS (declarative, rules/iac/iac-tls-in-transit.yaml).
 */
export const iacTlsInTransit = createIacRule({
  id: RULE_ID,
  description: 'Load balancers and CloudFront distributions that may carry PHI must serve it over TLS 1.2 or later only.',
  references: ['HIPAA-164.312(e)(1)', 'CPRA-1798.150', 'CPRA-1798.81.5', 'CWE-319', 'CWE-326'],
  fixable: false,
  code: [checkHttpListeners],
});

const LISTENERS: Partial<Record<IacFormat, string[]>> = { cloudformation: ['AWS::ElasticLoadBalancingV2::Listener'], terraform: ['aws_lb_listener', 'aws_alb_listener'] };

/** An action that sends nothing over HTTP: a redirect to HTTPS, or a fixed response. */
function isSafeAction(run: IacRun, action: IacValue): boolean {
  const terraform = run.format === 'terraform';
  const typeValue = run.resolve(getValue(action, terraform ? 'type' : 'Type'));
  if (typeValue.state === 'unknown') return true;
  const type = typeValue.state === 'value' ? asString(typeValue.value) : undefined;
  if (type === 'fixed-response') return true;
  if (type !== 'redirect') return false;
  const protocol = getValue(getValue(action, terraform ? 'redirect' : 'RedirectConfig'), terraform ? 'protocol' : 'Protocol');
  const resolved = run.resolve(protocol);
  return resolved.state === 'unknown' || (resolved.state === 'value' && asString(resolved.value) === 'HTTPS');
}

function checkHttpListeners(run: IacRun): void {
  const terraform = run.format === 'terraform';
  const types = LISTENERS[run.format];
  // No types would mean every resource.
  if (!types) return;
  for (const listener of run.resources(...types)) {
    const protocol = getValue(listener.properties, terraform ? 'protocol' : 'Protocol');
    const resolved = run.resolve(protocol);
    if (resolved.state !== 'value' || asString(resolved.value)?.toUpperCase() !== 'HTTP') continue;
    const actions = terraform ? getAll(listener.properties, 'default_action') : itemsOf(getValue(listener.properties, 'DefaultActions'));
    if (actions.length > 0 && actions.every((action) => isSafeAction(run, action))) continue;
    run.report('alb-http-redirects', listener, `${run.label(listener)} serves plain HTTP: requests, cookies and responses cross the network in the clear. Make the HTTP listener redirect to HTTPS, and serve from an HTTPS listener.`, {
      at: protocol!.span,
      fixes: [redirectFix(run, listener)],
    });
  }
}

/** Replaces the listener's default actions with a permanent redirect to HTTPS. */
function redirectFix(run: IacRun, listener: IacResource) {
  const title = 'Turn the HTTP listener into a redirect to HTTPS (clients are sent to port 443)';
  if (run.format === 'terraform') {
    const entries = (listener.properties?.entries ?? []).filter((entry) => entry.key === 'default_action');
    if (entries.length !== 1) return undefined;
    const redirect: FixValue = { type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } };
    return run.fix(title, [run.editor.replaceEntry(entries[0], 'default_action', redirect)], false);
  }
  const entry = entryOf(listener.properties, 'DefaultActions');
  const redirect: FixValue = [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }];
  if (!entry) return run.fix(title, [run.editor.setProperty(listener, ['DefaultActions'], redirect)], false);
  return run.fix(title, [run.editor.replaceEntry(entry, 'DefaultActions', redirect)], false);
}

export default iacTlsInTransit;
