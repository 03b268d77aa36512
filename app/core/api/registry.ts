/**
 * Every module's command map, spread into one surface: one line per module.
 * Names are `<module>.<verb>` (e.g. `order.addLine`).
 */
import type { CommandMap } from './command';

export const coreCommands = {
} satisfies CommandMap;
