/** Core's real test shop (temp SQLite, staff, taxes, items) for component tests. */
// eslint-disable-next-line no-restricted-imports -- tests drive the real core in-process (no mocks of our code)
import { createTestShop } from '../../../core/api/test-shop';
import type { TestShop } from '../../../core/api/test-shop';

export type { TestShop };
export const createCoreTestShop = (): Promise<TestShop> => createTestShop();
