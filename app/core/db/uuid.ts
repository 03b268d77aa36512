/** UUIDv7 ids on core's clock: the one shared generator (app/shared/uuid.ts). */
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { uuidv7 as sharedUuidv7 } from '../../shared/uuid';

export { UUID_RE } from '../../shared/uuid';

export function uuidv7(clock: Clock = systemClock): string {
  return sharedUuidv7(clock.now());
}
