import type { ClientNav } from '../../views/clients/client-frame.js';
import type { Db } from '../db/index.js';
import type { Client } from '../db/schema.js';
import { findClient, findClientNav } from './queries.js';

/**
 * Loads what `ClientFrame` needs for any client tab: the client (archived included)
 * and its previous/next neighbours. Null when the client does not exist (answer 404).
 */
export async function loadClientFrame(db: Db, clientId: number): Promise<{ client: Client; nav: ClientNav } | null> {
  if (!Number.isSafeInteger(clientId) || clientId <= 0) return null;
  const client = await findClient(db, clientId);
  if (!client) return null;
  const nav = await findClientNav(db, client);
  return { client, nav };
}
