// The provider callback path, shared by every gateway: verify the signature over the raw body,
// normalize, record exactly once, and only then answer 2xx (a crash before the commit makes the
// provider retry). The test gateway's Pay/Decline buttons go through this same function.

import { log } from '../util/log.js';
import { resolveGateways, type CheckoutDeps } from './checkout.js';
import { recordGatewayEvent, type RecordOutcome } from './record.js';

/** How a callback was answered. */
export type CallbackAnswer =
  | { status: 200; outcome: RecordOutcome | 'ignored'; paymentId: number | null }
  | { status: 400; error: 'BadSignature' | 'Malformed' }
  | { status: 404; error: 'UnknownProvider' };

/**
 * Handles one provider callback. 400 for a bad signature, a re-serialized body or an event older
 * than 300 s (nothing written); 200 once the event is stored (or was already).
 */
export async function handleProviderCallback(deps: CheckoutDeps, provider: string, rawBody: string, headers: { get(name: string): string | null | undefined }): Promise<CallbackAnswer> {
  const gateway = (await resolveGateways(deps)).byId(provider);
  if (!gateway) return { status: 404, error: 'UnknownProvider' };
  const parsed = gateway.parseCallback(rawBody, headers);
  if (!parsed.ok) {
    log.warn('payment callback refused', { provider, error: parsed.error });
    return { status: 400, error: parsed.error === 'NotConfigured' ? 'BadSignature' : parsed.error };
  }
  if (!parsed.event) return { status: 200, outcome: 'ignored', paymentId: null };
  const result = await recordGatewayEvent(deps, parsed.event);
  log.info('payment callback', { provider, event: parsed.event.eventId, type: parsed.event.type, outcome: result.outcome, payment: result.paymentId });
  return { status: 200, outcome: result.outcome, paymentId: result.paymentId };
}
